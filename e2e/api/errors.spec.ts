// Every class of bad input gets its status and a JSON `{error:{code,message}}`, a rejected call writes nothing,
// and no answer in this file ever carries a stack trace or a file path.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import type pg from "pg";
import { expect, startSession, test, type Writer } from "../fixtures";

const API = "/api/genflow";
const ONE_MB = 1024 * 1024;

/** Asserts the error envelope (and that nothing internal leaks), returns the error. */
async function expectError(res: APIResponse, status: number, code: string) {
  const text = await res.text();
  expectNoInternals(text);
  expect(res.status(), text).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  const { error } = JSON.parse(text);
  expect(error).toMatchObject({ code, message: expect.any(String) });
  expect(error.message.length).toBeGreaterThan(0);
  return error as { code: string; message: string; details?: unknown };
}

function expectNoInternals(text: string) {
  for (const marker of ["at /", ".ts:", ".js:", "node_modules", "prisma", "Prisma", "stack"]) expect(text).not.toContain(marker);
}

const count = async (sql: pg.Client, table: string, column: string, value: string) =>
  Number((await sql.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [value])).rows[0].n);

/** What a rejected call must leave alone: the session's runs, events and seq, the article's version and history. */
async function snapshot(sql: pg.Client, sessionId: string, articleId: string) {
  const session = (await sql.query(`SELECT stage, status, "lastSeq", "stageData" FROM "Session" WHERE id = $1`, [sessionId])).rows[0];
  const article = (await sql.query(`SELECT version, content, title FROM "Article" WHERE id = $1`, [articleId])).rows[0];
  return {
    session,
    article,
    runs: await count(sql, "Run", "sessionId", sessionId),
    events: await count(sql, "Event", "sessionId", sessionId),
    revisions: await count(sql, "ArticleRevision", "articleId", articleId),
  };
}

const act = (w: Writer, sessionId: string, data: unknown) => w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: data as object });
/** Sends exactly these bytes (a string `data` would be JSON-encoded by Playwright). */
const raw = (ctx: APIRequestContext, method: string, url: string, body: string | Buffer, contentType = "application/json") =>
  ctx.fetch(url, { method, data: typeof body === "string" ? Buffer.from(body) : body, headers: { "content-type": contentType } });

test.describe(`POST ${API}/sessions/{id}/actions`, () => {
  test("bad JSON → 400 invalid_json, a non-JSON content type → 415, wrong types → 422 naming the field; nothing written", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const before = await snapshot(sql, sessionId, articleId);
    const url = `${API}/sessions/${sessionId}/actions`;
    for (const body of ['{"action":', "not json", "{'action':'approve'}", ""])
      await expectError(await raw(writerA.bearer, "POST", url, body), 400, "invalid_json");
    await expectError(await raw(writerA.bearer, "POST", url, '{"action":"approve"}', "text/plain"), 415, "unsupported_media_type");

    const wrongType = await expectError(await act(writerA, sessionId, { action: 42 }), 422, "validation_failed");
    expect(wrongType.message).toContain("action");
    expect(wrongType.details).toEqual([{ field: "action", message: expect.any(String) }]);
    const wrongParams = await expectError(await act(writerA, sessionId, { action: "select_topic", parameters: [1] }), 422, "validation_failed");
    expect(wrongParams.details).toContainEqual({ field: "parameters", message: expect.any(String) });
    const wrongParam = await expectError(
      await act(writerA, sessionId, { action: "discover_topics", parameters: { category: "ai", count: "five" } }),
      422,
      "validation_failed",
    );
    expect(wrongParam.details).toContainEqual({ field: "parameters.count", message: expect.any(String) });
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });

  test("an action of another stage → 409 wrong_stage; an unknown one → 422 unknown_action listing what is available", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const before = await snapshot(sql, sessionId, articleId);
    const wrong = await expectError(
      await act(writerA, sessionId, { action: "update_outline", parameters: { sections: [{ title: "x" }] } }),
      409,
      "wrong_stage",
    );
    expect(wrong.details).toMatchObject({ stage: "topic", availableActions: ["discover_topics", "select_topic", "approve"] });
    const unknown = await expectError(await act(writerA, sessionId, { action: "summon_muse" }), 422, "unknown_action");
    expect(unknown.details).toEqual({ availableActions: ["discover_topics", "select_topic", "approve"] });
    // A failure inside the claiming transaction (approve without a topic) rolls the run back too.
    await expectError(await act(writerA, sessionId, { action: "approve" }), 409, "wrong_stage");
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });
});

test.describe(`PATCH ${API}/articles/{id}`, () => {
  test("bad JSON → 400 and wrong types → 422 naming the field; the article keeps its version", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const before = await snapshot(sql, sessionId, articleId);
    const url = `${API}/articles/${articleId}`;
    await expectError(await raw(writerA.bearer, "PATCH", url, '{"baseVersion":1,"content":"x"'), 400, "invalid_json");
    const cases: [Record<string, unknown>, string][] = [
      [{ baseVersion: "1", content: "x" }, "baseVersion"],
      [{ content: "x" }, "baseVersion"],
      [{ baseVersion: 1, content: 42 }, "content"],
      [{ baseVersion: 1, title: "   " }, "title"],
      [{ baseVersion: 1, language: "fr" }, "language"],
      [{ baseVersion: 1 }, "content"],
    ];
    for (const [data, field] of cases) {
      const error = await expectError(await writerA.bearer.patch(url, { data }), 422, "validation_failed");
      expect(error.message).toContain(field);
      expect(error.details).toContainEqual({ field, message: expect.any(String) });
    }
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });

  test("a body over 1 MB → 413: declared by Content-Length, a big valid JSON PATCH, and a chunked body without length", async ({ writerA, sql, baseURL }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const before = await snapshot(sql, sessionId, articleId);
    const url = `${API}/articles/${articleId}`;
    await expectError(await raw(writerA.bearer, "PATCH", url, Buffer.alloc(ONE_MB + 1, "x")), 413, "payload_too_large");
    const big = { baseVersion: 1, content: "長".repeat(400_000) }; // ~1.2 MB of UTF-8, valid for the schema's length
    await expectError(await writerA.bearer.patch(url, { data: big }), 413, "payload_too_large");
    // No Content-Length: the server must count the bytes as they arrive.
    const chunk = new TextEncoder().encode(`{"baseVersion":1,"content":"${"y".repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(`${baseURL}${url}`, {
      method: "PATCH",
      body: stream,
      headers: { authorization: `Bearer ${writerA.token}`, "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    const text = await chunked.text();
    expectNoInternals(text);
    expect(chunked.status, text).toBe(413);
    expect(JSON.parse(text).error.code).toBe("payload_too_large");
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });

  test("a stale baseVersion → 409 stale_version with details.currentVersion; the newer text survives", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const url = `${API}/articles/${articleId}`;
    expect((await writerA.bearer.patch(url, { data: { baseVersion: 1, content: "newer" } })).status()).toBe(200);
    const before = await snapshot(sql, sessionId, articleId);
    const error = await expectError(await writerA.cookie.patch(url, { data: { baseVersion: 1, content: "older" } }), 409, "stale_version");
    expect(error.details).toMatchObject({ currentVersion: 2, current: { content: "newer", version: 2 } });
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });

  test("a NUL character in a text field is refused as 422, not a 500", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const before = await snapshot(sql, sessionId, articleId);
    const error = await expectError(
      await writerA.bearer.patch(`${API}/articles/${articleId}`, { data: { baseVersion: 1, content: "a\u0000b" } }),
      422,
      "validation_failed",
    );
    expect(error.message).toContain("content");
    expect(await snapshot(sql, sessionId, articleId)).toEqual(before);
  });
});

test.describe(`POST ${API}/sessions`, () => {
  test("over 1 MB → 413 and wrong types → 422; no session or article is created", async ({ writerA, sql }) => {
    const rows = async () => ({ sessions: await count(sql, "Session", "userId", writerA.id), articles: await count(sql, "Article", "userId", writerA.id) });
    const before = await rows();
    await expectError(await writerA.bearer.post(`${API}/sessions`, { data: { context: { notes: "z".repeat(ONE_MB) } } }), 413, "payload_too_large");
    const error = await expectError(await writerA.bearer.post(`${API}/sessions`, { data: { initialStage: "drafting" } }), 422, "validation_failed");
    expect(error.details).toContainEqual({ field: "initialStage", message: expect.any(String) });
    await expectError(await writerA.bearer.post(`${API}/sessions`, { data: { title: 7 } }), 422, "validation_failed");
    expect(await rows()).toEqual(before);
  });
});

test.describe(`GET ${API}/sessions/{id} (expired)`, () => {
  test("an expired session → 410 session_expired on reads, actions and events; its article is kept", async ({ writerA, sql }) => {
    const { sessionId, articleId } = await startSession(writerA);
    // Held while the session is expired, so the cron clean-up spec cannot delete it under us.
    await sql.query("SELECT pg_advisory_lock(hashtext('genflow-e2e-expired-sessions'))");
    try {
      await sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [sessionId]);
      const base = `${API}/sessions/${sessionId}`;
      for (const res of [
        await writerA.bearer.get(base),
        await act(writerA, sessionId, { action: "select_topic", parameters: { title: "late" } }),
        await writerA.cookie.get(`${base}/events?after=0`),
      ]) {
        const error = await expectError(res, 410, "session_expired");
        expect(error.details).toEqual({ articleId });
      }
      expect(await count(sql, "Run", "sessionId", sessionId)).toBe(0);
    } finally {
      await sql.query("SELECT pg_advisory_unlock(hashtext('genflow-e2e-expired-sessions'))");
    }
    expect((await writerA.bearer.get(`${API}/articles/${articleId}`)).status()).toBe(200);
    const resumed = await writerA.bearer.post(`${API}/sessions`, { data: { articleId } });
    expect(resumed.status()).toBe(201);
  });
});

test.describe(`GET ${API}/tokens (rate limit)`, () => {
  test("over 300 requests a minute per user → 429 rate_limited with a numeric Retry-After, by token and cookie alike; other writers are unaffected", async ({
    writerA,
    writerB,
  }) => {
    let limited: APIResponse | undefined;
    let sent = 0;
    while (!limited && sent < 400) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => writerA.bearer.get(`${API}/tokens`)));
      sent += batch.length;
      for (const res of batch) expect([200, 429]).toContain(res.status());
      limited = batch.find((res) => res.status() === 429);
    }
    expect(limited, `no 429 after ${sent} requests`).toBeDefined();
    // The writer's budget also paid for creating its token (fixture), so the 300th request may be the first refused.
    expect(sent).toBeGreaterThanOrEqual(300);
    if (!limited) return;
    await expectError(limited, 429, "rate_limited");
    const retryAfter = limited.headers()["retry-after"];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // The budget is per user, across all their tokens and the cookie; another writer still gets through.
    expect((await writerA.cookie.get(`${API}/tokens`)).status()).toBe(429);
    expect((await writerB.bearer.get(`${API}/tokens`)).status()).toBe(200);
  });
});

test.describe(`${API}/* (server errors)`, () => {
  test("a 500 carries a generic JSON error and no stack, path or database detail", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    // Inputs that reach the database in ways the schemas do not foresee (today: NUL characters).
    const answers = [
      await writerA.bearer.get(`${API}/articles?q=%00`),
      await writerA.bearer.post(`${API}/sessions`, { data: { title: "a\u0000b" } }),
      await act(writerA, sessionId, { action: "select_topic", parameters: { title: "x\u0000y" } }),
    ];
    for (const res of answers) {
      const text = await res.text();
      expectNoInternals(text);
      expect(res.status(), text).toBeGreaterThanOrEqual(400);
      const { error } = JSON.parse(text);
      expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      if (res.status() === 500) expect(error).toEqual({ code: "internal_error", message: "Something went wrong on our side. Please try again." });
    }
  });
});
