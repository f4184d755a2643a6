// API tokens (shown once, listed without the secret, revocable), the cron clean-up of expired sessions, and the
// public OpenAPI document.
import type pg from "pg";
import { expect, startSession, test } from "../fixtures";

const API = "/api/genflow";
const CRON = "/api/cron/cleanup";

/** The errors spec takes the same lock while it needs an expired session to exist (a 410 must not turn into 404). */
async function withExpiryLock<T>(sql: pg.Client, fn: () => Promise<T>): Promise<T> {
  await sql.query("SELECT pg_advisory_lock(hashtext('genflow-e2e-expired-sessions'))");
  try {
    return await fn();
  } finally {
    await sql.query("SELECT pg_advisory_unlock(hashtext('genflow-e2e-expired-sessions'))");
  }
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

test.describe(`POST ${API}/tokens`, () => {
  test("creates a token shown once, whose prefix is its start; it authenticates as the writer", async ({ writerA, playwright, baseURL }) => {
    const res = await writerA.cookie.post(`${API}/tokens`, { data: { name: "  CI pipeline  " } });
    expect(res.status()).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ id: expect.any(String), name: "CI pipeline", revokedAt: null, lastUsedAt: null });
    expect(created.token).toMatch(/^gf_[A-Za-z0-9_-]{30,}$/);
    expect(created.prefix.length).toBeGreaterThanOrEqual(4);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.token.length);
    expect(created).not.toHaveProperty("tokenHash");

    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${created.token}` } });
    try {
      const { sessionId } = (await (await ctx.post(`${API}/sessions`, { data: { title: "Via the new token" } })).json()) as { sessionId: string };
      const mine = await writerA.cookie.get(`${API}/sessions/${sessionId}`);
      expect(mine.status()).toBe(200);
    } finally {
      await ctx.dispose();
    }
  });

  test("a missing or blank name → 422 naming the field; no token is created", async ({ writerA }) => {
    const before = (await (await writerA.cookie.get(`${API}/tokens`)).json()).tokens.length;
    for (const data of [{}, { name: "   " }, { name: 12 }]) {
      const res = await writerA.cookie.post(`${API}/tokens`, { data });
      expect(res.status()).toBe(422);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "validation_failed", details: [{ field: "name" }] });
    }
    expect((await (await writerA.cookie.get(`${API}/tokens`)).json()).tokens).toHaveLength(before);
  });
});

test.describe(`GET ${API}/tokens`, () => {
  test("lists the caller's tokens newest first, never including the token itself", async ({ writerA }) => {
    const created = await (await writerA.bearer.post(`${API}/tokens`, { data: { name: "second" } })).json();
    for (const ctx of [writerA.cookie, writerA.bearer]) {
      const res = await ctx.get(`${API}/tokens`);
      expect(res.status()).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(writerA.token);
      const { tokens } = JSON.parse(text) as { tokens: TokenRow[] };
      expect(tokens.map((t) => t.id)).toEqual([created.id, writerA.tokenId]);
      for (const t of tokens) expect(Object.keys(t).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"]);
      expect(tokens[0]).toMatchObject({ name: "second", prefix: created.prefix, revokedAt: null });
      // The fixture's token has been used (the list call by bearer, at the latest).
      expect(tokens[1].prefix).toBe(writerA.token.slice(0, tokens[1].prefix.length));
    }
    const listed = (await (await writerA.cookie.get(`${API}/tokens`)).json()).tokens as TokenRow[];
    expect(listed.find((t) => t.id === writerA.tokenId)?.lastUsedAt).not.toBeNull();
  });
});

test.describe(`DELETE ${API}/tokens/{id}`, () => {
  test("revokes a token at once: 204, listed with revokedAt, 401 for its bearer; unknown id → 404", async ({ writerA }) => {
    const res = await writerA.cookie.delete(`${API}/tokens/${writerA.tokenId}`);
    expect(res.status()).toBe(204);
    const denied = await writerA.bearer.get(`${API}/tokens`);
    expect(denied.status()).toBe(401);
    expect((await denied.json()).error.code).toBe("unauthorized");
    const { tokens } = (await (await writerA.cookie.get(`${API}/tokens`)).json()) as { tokens: TokenRow[] };
    const row = tokens.find((t) => t.id === writerA.tokenId);
    expect(Date.parse(row?.revokedAt ?? "")).not.toBeNaN();
    const missing = await writerA.cookie.delete(`${API}/tokens/no-such-token`);
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });
});

test.describe(`GET ${CRON}`, () => {
  test("without a bearer or with a wrong one → 401, and nothing is deleted", async ({ request, writerA, sql }) => {
    const { sessionId } = await startSession(writerA);
    await withExpiryLock(sql, async () => {
      await sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [sessionId]);
      for (const headers of [
        undefined,
        { authorization: "Bearer wrong-secret" },
        { authorization: "e2e-cron-secret" },
        { authorization: `Bearer ${writerA.token}` },
      ]) {
        const res = await request.get(CRON, { headers });
        expect(res.status(), JSON.stringify(headers)).toBe(401);
        expect((await res.json()).error.code).toBe("unauthorized");
      }
      const left = await sql.query(`SELECT id FROM "Session" WHERE id = $1`, [sessionId]);
      expect(left.rowCount).toBe(1);
    });
  });

  test("with Bearer $CRON_SECRET → 200: expired sessions go, live ones, articles and revisions stay", async ({ request, writerA, sql }) => {
    const expired = await startSession(writerA, { title: "Kept after cleanup" });
    const live = await startSession(writerA);
    await writerA.bearer.patch(`${API}/articles/${expired.articleId}`, { data: { baseVersion: 1, content: "the work survives" } });
    const deleted = await withExpiryLock(sql, async () => {
      await sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [expired.sessionId]);
      const res = await request.get(CRON, { headers: { authorization: "Bearer e2e-cron-secret" } });
      expect(res.status()).toBe(200);
      return (await res.json()).deleted as number;
    });
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect((await sql.query(`SELECT id FROM "Session" WHERE id = $1`, [expired.sessionId])).rowCount).toBe(0);
    expect((await writerA.bearer.get(`${API}/sessions/${expired.sessionId}`)).status()).toBe(404);
    expect((await writerA.bearer.get(`${API}/sessions/${live.sessionId}`)).status()).toBe(200);
    const article = await writerA.bearer.get(`${API}/articles/${expired.articleId}`);
    expect(await article.json()).toMatchObject({ title: "Kept after cleanup", content: "the work survives", version: 2 });
    const { revisions } = await (await writerA.bearer.get(`${API}/articles/${expired.articleId}/revisions`)).json();
    expect(revisions.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });
});

test.describe(`GET ${API}/openapi.json`, () => {
  test("200 without credentials: OpenAPI 3.1.0 with the action, session, article and token paths", async ({ request }) => {
    const res = await request.get(`${API}/openapi.json`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/sessions/{id}/actions"]).toHaveProperty("post");
    for (const path of ["/sessions", "/sessions/{id}", "/sessions/{id}/events", "/articles/{id}", "/articles/{id}/revisions", "/tokens", "/tokens/{id}"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/articles/{id}"]).toHaveProperty("patch");
    expect(doc.paths["/sessions/{id}/actions"].post.responses).toHaveProperty("202");
  });
});
