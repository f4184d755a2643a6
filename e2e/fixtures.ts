// Fixtures for API specs: two fresh writers, each reachable by cookie (a signed-in request context) and by
// API token, plus raw database access for what no endpoint exposes (expiring a session, counting rows).
import { randomUUID } from "node:crypto";
import { type APIRequestContext, test as base, expect, request as playwrightRequest } from "@playwright/test";
import pg from "pg";
import { checked } from "./contract";

export interface Writer {
  id: string;
  email: string;
  password: string;
  /** Signed in through next-auth's credentials flow: carries the session cookie. */
  cookie: APIRequestContext;
  /** Sends `Authorization: Bearer <token>` and no cookie. */
  bearer: APIRequestContext;
  token: string;
  tokenId: string;
}

const baseURL = () => process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";

export async function signUp(request: APIRequestContext, email: string, password: string) {
  const res = await request.post("/api/auth/sign-up", { data: { email, password } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

export async function signIn(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.email).toBe(email);
}

export async function createWriter(prefix = "writer"): Promise<Writer> {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  const password = "correct horse 42";
  // A browser sends Origin with every unsafe request of our pages; the cookie client does the same (CSRF check).
  // Both contexts check every API answer against the OpenAPI document (e2e/contract.ts).
  const cookie = checked(await playwrightRequest.newContext({ baseURL: baseURL(), extraHTTPHeaders: { origin: new URL(baseURL()).origin } }), baseURL());
  const { id } = await signUp(cookie, email, password);
  await signIn(cookie, email, password);
  const created = await cookie.post("/api/genflow/tokens", { data: { name: "e2e" } });
  expect(created.status()).toBe(201);
  const { token, id: tokenId } = (await created.json()) as { token: string; id: string };
  const bearer = checked(await playwrightRequest.newContext({ baseURL: baseURL(), extraHTTPHeaders: { authorization: `Bearer ${token}` } }), baseURL());
  return { id, email, password, cookie, bearer, token, tokenId };
}

export const test = base.extend<{ writerA: Writer; writerB: Writer; sql: pg.Client }>({
  // Anonymous requests are checked against the document too.
  request: async ({ request }, use) => {
    await use(checked(request, baseURL()));
  },
  writerA: async ({}, use) => {
    const writer = await createWriter("a");
    await use(writer);
    await Promise.all([writer.cookie.dispose(), writer.bearer.dispose()]);
  },
  writerB: async ({}, use) => {
    const writer = await createWriter("b");
    await use(writer);
    await Promise.all([writer.cookie.dispose(), writer.bearer.dispose()]);
  },
  sql: async ({}, use) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await use(client);
    await client.end();
  },
});

export { expect };

/** Starts a session for `writer` and returns its JSON. */
export async function startSession(writer: Writer, data: Record<string, unknown> = {}) {
  const res = await writer.bearer.post("/api/genflow/sessions", { data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { sessionId: string; articleId: string; progress: { stage: string; status: string } };
}
