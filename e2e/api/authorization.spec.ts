// The authorization matrix: every route answers 401 without valid credentials, and every route that names a
// resource answers another writer's resource exactly like a resource that does not exist (404, nothing revealed).
import type { APIRequestContext } from "@playwright/test";
import { expect, startSession, test, type Writer } from "../fixtures";

const API = "/api/genflow";

interface Ids {
  sessionId: string;
  articleId: string;
  actionId: string;
  revisionId: string;
  tokenId: string;
}

interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  url: (ids: Ids) => string;
  data?: (ids: Ids) => Record<string, unknown>;
  /** Names one of the caller's resources: another writer must get 404. */
  owned: boolean;
}

const route = (method: Route["method"], path: string, url: Route["url"], owned: boolean, data?: Route["data"]): Route => ({
  method,
  path,
  url,
  owned,
  data,
});

const ROUTES: Route[] = [
  route(
    "POST",
    "/sessions",
    () => `${API}/sessions`,
    false,
    () => ({}),
  ),
  route("GET", "/sessions", () => `${API}/sessions`, false),
  route("GET", "/sessions/{id}", (i) => `${API}/sessions/${i.sessionId}`, true),
  route("DELETE", "/sessions/{id}", (i) => `${API}/sessions/${i.sessionId}`, true),
  route(
    "POST",
    "/sessions/{id}/actions",
    (i) => `${API}/sessions/${i.sessionId}/actions`,
    true,
    () => ({ action: "select_topic", parameters: { title: "hijack" } }),
  ),
  route("GET", "/sessions/{id}/actions/{actionId}", (i) => `${API}/sessions/${i.sessionId}/actions/${i.actionId}`, true),
  route("POST", "/sessions/{id}/actions/{actionId}/cancel", (i) => `${API}/sessions/${i.sessionId}/actions/${i.actionId}/cancel`, true),
  route("GET", "/sessions/{id}/events", (i) => `${API}/sessions/${i.sessionId}/events?after=0`, true),
  route("GET", "/articles", () => `${API}/articles`, false),
  route("GET", "/articles/{id}", (i) => `${API}/articles/${i.articleId}`, true),
  route(
    "PATCH",
    "/articles/{id}",
    (i) => `${API}/articles/${i.articleId}`,
    true,
    () => ({ baseVersion: 2, content: "overwritten by A" }),
  ),
  route("DELETE", "/articles/{id}", (i) => `${API}/articles/${i.articleId}`, true),
  route("GET", "/articles/{id}/revisions", (i) => `${API}/articles/${i.articleId}/revisions`, true),
  route("GET", "/articles/{id}/revisions/{revisionId}", (i) => `${API}/articles/${i.articleId}/revisions/${i.revisionId}`, true),
  route(
    "POST",
    "/articles/{id}/revisions/{revisionId}/restore",
    (i) => `${API}/articles/${i.articleId}/revisions/${i.revisionId}/restore`,
    true,
    () => ({}),
  ),
  route("GET", "/articles/{id}/export?format=md", (i) => `${API}/articles/${i.articleId}/export?format=md`, true),
  route("GET", "/articles/{id}/export?format=html", (i) => `${API}/articles/${i.articleId}/export?format=html`, true),
  route(
    "POST",
    "/tokens",
    () => `${API}/tokens`,
    false,
    () => ({ name: "sneaky" }),
  ),
  route("GET", "/tokens", () => `${API}/tokens`, false),
  route("DELETE", "/tokens/{id}", (i) => `${API}/tokens/${i.tokenId}`, true),
  // Opening a session on someone else's article is an action on that article.
  route(
    "POST",
    "/sessions {articleId}",
    () => `${API}/sessions`,
    true,
    (i) => ({ articleId: i.articleId }),
  ),
];

const GHOST: Ids = { sessionId: "ghost-session", articleId: "ghost-article", actionId: "ghost-action", revisionId: "ghost-revision", tokenId: "ghost-token" };

function send(ctx: APIRequestContext, r: Route, ids: Ids, headers?: Record<string, string>) {
  return ctx.fetch(r.url(ids), { method: r.method, data: r.data?.(ids), headers });
}

/** B's article at version 2 (with a private text), a session with one finished run and its events, B's token. */
async function seed(b: Writer) {
  const { sessionId, articleId } = await startSession(b, { title: "B's secret launch plan" });
  const run = await b.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "select_topic", parameters: { title: "B topic" } } });
  expect(run.status()).toBe(202);
  const patched = await b.bearer.patch(`${API}/articles/${articleId}`, { data: { baseVersion: 1, content: "B's private text" } });
  expect(patched.status()).toBe(200);
  const { revisions } = await (await b.bearer.get(`${API}/articles/${articleId}/revisions`)).json();
  const ids: Ids = { sessionId, articleId, actionId: (await run.json()).actionId, revisionId: revisions[1].id, tokenId: b.tokenId };
  const { events } = await (await b.bearer.get(`${API}/sessions/${sessionId}/events?after=0`)).json();
  return { ids, eventCount: events.length as number };
}

/** B's own calls still see everything as it was: content, version, history, session, run, events, token. */
async function expectUntouched(b: Writer, ids: Ids, eventCount: number) {
  const article = await b.cookie.get(`${API}/articles/${ids.articleId}`);
  expect(article.status()).toBe(200);
  expect(await article.json()).toMatchObject({ title: "B's secret launch plan", content: "B's private text", version: 2 });
  const { revisions } = await (await b.bearer.get(`${API}/articles/${ids.articleId}/revisions`)).json();
  expect(revisions.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  const session = await b.bearer.get(`${API}/sessions/${ids.sessionId}`);
  expect(session.status()).toBe(200);
  expect((await session.json()).progress).toMatchObject({ stage: "topic", status: "idle" });
  const run = await b.bearer.get(`${API}/sessions/${ids.sessionId}/actions/${ids.actionId}`);
  expect(await run.json()).toMatchObject({ actionId: ids.actionId, status: "succeeded" });
  const { events } = await (await b.bearer.get(`${API}/sessions/${ids.sessionId}/events?after=0`)).json();
  expect(events).toHaveLength(eventCount);
  const tokens = await b.bearer.get(`${API}/tokens`);
  expect(tokens.status()).toBe(200);
  expect((await tokens.json()).tokens.find((t: { id: string }) => t.id === ids.tokenId).revokedAt).toBeNull();
}

for (const r of ROUTES) {
  test.describe(`${r.method} ${API}${r.path}`, () => {
    test("answers 401 without credentials and with a garbage bearer", async ({ request }) => {
      for (const headers of [
        undefined,
        { authorization: "Bearer gf_garbage0000000000000000" },
        { authorization: "Bearer nonsense" },
        { authorization: "Basic YTpi" },
      ]) {
        const res = await send(request, r, GHOST, headers);
        expect(res.status(), `${JSON.stringify(headers)}: ${await res.text()}`).toBe(401);
        expect((await res.json()).error).toMatchObject({ code: "unauthorized", message: expect.any(String) });
      }
    });

    if (!r.owned) return;
    test("answers another writer's resource 404 not_found, by cookie and by token, revealing nothing", async ({ writerA, writerB }) => {
      const { ids, eventCount } = await seed(writerB);
      for (const via of ["cookie", "bearer"] as const) {
        const res = await send(writerA[via], r, ids);
        const text = await res.text();
        expect(res.status(), `${via}: ${text}`).toBe(404);
        expect(JSON.parse(text)).toEqual({ error: { code: "not_found", message: expect.any(String), requestId: res.headers()["x-request-id"] } });
        // Indistinguishable from a resource that never existed, and none of B's data or ids in the answer.
        const ghost = await send(writerA[via], r, GHOST);
        expect(ghost.status()).toBe(404);
        expect(JSON.parse(text)).toEqual({ error: { ...(await ghost.json()).error, requestId: res.headers()["x-request-id"] } });
        for (const secret of ["secret launch plan", "private text", "B topic", ...Object.values(ids)]) expect(text).not.toContain(secret);
      }
      await expectUntouched(writerB, ids, eventCount);
    });
  });
}

test.describe(`GET ${API}/openapi.json`, () => {
  test("is public: 200 without credentials", async ({ request }) => {
    const res = await request.get(`${API}/openapi.json`);
    expect(res.status()).toBe(200);
    expect((await res.json()).openapi).toBe("3.1.0");
  });
});

test.describe(`GET ${API}/articles, /sessions, /tokens (lists)`, () => {
  test("never include another writer's articles, sessions or tokens", async ({ writerA, writerB }) => {
    const { ids } = await seed(writerB);
    for (const via of ["cookie", "bearer"] as const) {
      const articles = await (await writerA[via].get(`${API}/articles?q=secret`)).json();
      expect(articles.articles).toEqual([]);
      const sessions = await (await writerA[via].get(`${API}/sessions?articleId=${ids.articleId}`)).json();
      expect(sessions.items).toEqual([]);
      const tokens = await (await writerA[via].get(`${API}/tokens`)).json();
      expect(tokens.tokens.map((t: { id: string }) => t.id)).toEqual([writerA.tokenId]);
    }
  });
});

test.describe(`DELETE ${API}/tokens/{id}`, () => {
  test("a revoked token gets 401 on the very next request; the cookie keeps working", async ({ writerA }) => {
    expect((await writerA.bearer.get(`${API}/articles`)).status()).toBe(200);
    const revoked = await writerA.cookie.delete(`${API}/tokens/${writerA.tokenId}`);
    expect(revoked.status()).toBe(204);
    const next = await writerA.bearer.get(`${API}/articles`);
    expect(next.status()).toBe(401);
    expect((await next.json()).error.code).toBe("unauthorized");
    expect((await writerA.bearer.post(`${API}/sessions`, { data: {} })).status()).toBe(401);
    expect((await writerA.cookie.get(`${API}/articles`)).status()).toBe(200);
  });

  test("a garbage bearer is refused even next to a valid session cookie", async ({ writerA }) => {
    const res = await writerA.cookie.get(`${API}/articles`, { headers: { authorization: "Bearer gf_garbage" } });
    expect(res.status()).toBe(401);
  });
});
