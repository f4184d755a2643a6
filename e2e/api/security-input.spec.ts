// Findings 4 and 5: hostile input answers a JSON 4xx, never a 5xx — deep nesting, lone surrogates, NUL,
// malformed path escapes, a deleted account's credentials, unknown routes and wrong methods.
import { randomUUID } from "node:crypto";
import { request as playwrightRequest } from "@playwright/test";
import { createWriter, expect, test } from "../fixtures";

const API = "/api/genflow";

async function expectJsonError(res: { status(): number; headers(): Record<string, string>; text(): Promise<string> }, status: number, code: string) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(JSON.parse(text).error.code).toBe(code);
  return JSON.parse(text).error as { code: string; message: string };
}

test.describe("POST /api/auth/sign-up and every JSON route", () => {
  test("JSON nested 5,000 deep in a 10 KB body → 422 naming the limit (sign-up, sessions, actions)", async ({ writerA, request }) => {
    const deep = `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const signUp = await request.post("/api/auth/sign-up", { headers: { "content-type": "application/json" }, data: Buffer.from(deep) });
    expect((await expectJsonError(signUp, 422, "validation_failed")).message).toContain("at most 32 levels");
    await expectJsonError(
      await writerA.bearer.post(`${API}/sessions`, { headers: { "content-type": "application/json" }, data: Buffer.from(deep) }),
      422,
      "validation_failed",
    );
    const { sessionId } = await (await writerA.bearer.post(`${API}/sessions`, { data: {} })).json();
    await expectJsonError(
      await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { headers: { "content-type": "application/json" }, data: Buffer.from(deep) }),
      422,
      "validation_failed",
    );
  });

  test("a lone surrogate or NUL in any field → 422 and nothing stored", async ({ writerA, sql }) => {
    for (const raw of ['{"title":"\\ud800"}', '{"title":"ok","context":{"audience":"a\\udfffb"}}', '{"title":"a\\u0000b"}', '{"context":{"\\ud800":"key"}}']) {
      const res = await writerA.bearer.post(`${API}/sessions`, { headers: { "content-type": "application/json" }, data: Buffer.from(raw) });
      await expectJsonError(res, 422, "validation_failed");
    }
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "Session" WHERE "userId" = $1`, [writerA.id]);
    expect(rows[0].n).toBe(0);
  });

  test("%ff and other malformed escapes in a path id → 400 JSON", async ({ writerA }) => {
    for (const path of [`${API}/sessions/%ff`, `${API}/articles/%E0%A4%A`, `${API}/sessions/%/actions`]) {
      await expectJsonError(await writerA.bearer.get(path), 400, "bad_request");
    }
  });
});

test.describe("A deleted account's credentials", () => {
  test("its API token and its cookie → 401 at once (not 500)", async ({ sql }) => {
    const ghost = await createWriter("ghost");
    // Warm the token cache first: the old failure was a cached token pointing at a deleted user.
    expect((await ghost.bearer.get(`${API}/sessions`)).status()).toBe(200);
    const { sessionId } = await (await ghost.bearer.post(`${API}/sessions`, { data: {} })).json();
    await sql.query(`DELETE FROM "User" WHERE id = $1`, [ghost.id]);
    // Routes that find the account's existence in the row they load (requireOwner): its session went with it,
    // and the answer is still 401, not 404.
    await expectJsonError(await ghost.bearer.get(`${API}/sessions/${sessionId}`), 401, "unauthorized");
    await expectJsonError(await ghost.bearer.get(`${API}/sessions/${sessionId}/events`), 401, "unauthorized");
    await expectJsonError(await ghost.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "discover_topics" } }), 401, "unauthorized");
    await expectJsonError(await ghost.cookie.get(`${API}/sessions/${sessionId}/actions/nope`), 401, "unauthorized");
    await expectJsonError(await ghost.bearer.get(`${API}/sessions`), 401, "unauthorized");
    await expectJsonError(await ghost.bearer.post(`${API}/sessions`, { data: {} }), 401, "unauthorized");
    await expectJsonError(await ghost.cookie.get(`${API}/sessions`), 401, "unauthorized");
    await expectJsonError(await ghost.cookie.post(`${API}/tokens`, { data: { name: "after death" } }), 401, "unauthorized");
    await Promise.all([ghost.cookie.dispose(), ghost.bearer.dispose()]);
  });
});

test.describe("Unknown routes and wrong methods under /api", () => {
  test("an unknown /api path → JSON 404; a wrong method → JSON 405 with Allow", async ({ writerA }) => {
    for (const path of [`${API}/nope`, "/api/nope", `${API}/sessions/x/y/z`]) await expectJsonError(await writerA.bearer.get(path), 404, "not_found");
    const put = await writerA.bearer.put(`${API}/sessions`, { data: {} });
    await expectJsonError(put, 405, "method_not_allowed");
    expect(put.headers().allow).toBe("GET, POST, HEAD, OPTIONS");
    const patch = await writerA.bearer.patch(`${API}/tokens/abc`, { data: {} });
    await expectJsonError(patch, 405, "method_not_allowed");
    expect(patch.headers().allow).toBe("DELETE, OPTIONS");
  });
});

test.describe("Expiry message", () => {
  test("names the configured SESSION_TTL_MINUTES (120 on this server → 2 hours)", async ({ writerA, sql }) => {
    const { sessionId } = await (await writerA.bearer.post(`${API}/sessions`, { data: {} })).json();
    await sql.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [sessionId]);
    const error = await expectJsonError(await writerA.bearer.get(`${API}/sessions/${sessionId}`), 410, "session_expired");
    expect(error.message).toContain("2 hours");
  });
});

test.describe("A sign-up from the public", () => {
  test("needs no cookie and is not CSRF-checked (no credentials to ride on)", async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL, extraHTTPHeaders: { origin: "https://elsewhere.example" } });
    const res = await anonymous.post("/api/auth/sign-up", { data: { email: `anon-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse 42" } });
    expect(res.status()).toBe(201);
    await anonymous.dispose();
  });
});
