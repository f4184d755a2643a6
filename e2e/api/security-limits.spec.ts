// Finding 3: abuse limits, on a dedicated server with low budgets (the shared e2e servers have high per-IP
// budgets, since every spec signs writers up from 127.0.0.1). Each test uses its own client address
// (X-Real-IP, as a proxy in front of the app would set it) so their budgets do not mix.
import { randomUUID } from "node:crypto";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { type DedicatedApp, startDedicatedApp } from "../dedicated-app";
import { expect, test } from "../fixtures";

test.describe.configure({ mode: "serial" });

const LIMITS = {
  RATE_LIMIT_POINTS: "8",
  RATE_LIMIT_IP_POINTS: "6",
  RATE_LIMIT_WINDOW_SECONDS: "600",
  SIGN_UPS_PER_IP: "3",
  SIGN_UPS_PER_EMAIL: "2",
  SIGN_IN_FAILURES_PER_EMAIL: "3",
  SIGN_IN_FAILURES_PER_IP: "5",
};
const PASSWORD = "correct horse 42";
let app: DedicatedApp;
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startDedicatedApp(LIMITS);
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  await app?.stop();
});

async function client(ip: string, headers: Record<string, string> = {}) {
  const ctx = await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { "x-real-ip": ip, origin: app.url, ...headers } });
  contexts.push(ctx);
  return ctx;
}

const email = () => `limits-${randomUUID().slice(0, 8)}@example.test`;

async function signIn(ctx: APIRequestContext, address: string, password: string) {
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  return ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email: address, password, json: "true" }, maxRedirects: 0 });
}

async function expect429(res: { status(): number; headers(): Record<string, string>; text(): Promise<string> }) {
  const text = await res.text();
  expect(res.status(), text).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  expect(JSON.parse(text).error.code).toBe("rate_limited");
}

test("POST /api/auth/callback/credentials: 3 wrong passwords for one email → 429 with Retry-After, even for the right password", async () => {
  const address = email();
  const signer = await client("198.51.100.1");
  expect((await signer.post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } })).status()).toBe(201);
  const attacker = await client("198.51.100.2");
  for (let i = 0; i < 3; i++) expect((await signIn(attacker, address, `wrong password ${i}`)).status()).not.toBe(429);
  await expect429(await signIn(attacker, address, PASSWORD));
  // From another address too: the email's budget is spent, whoever asks.
  await expect429(await signIn(await client("198.51.100.3"), address, PASSWORD));
});

test("POST /api/auth/callback/credentials: 5 failures from one IP across emails → 429 for any email from that IP", async () => {
  const ip = "198.51.100.10";
  const attacker = await client(ip);
  for (let i = 0; i < 5; i++) expect((await signIn(attacker, email(), "wrong password 1")).status()).not.toBe(429);
  await expect429(await signIn(attacker, email(), "wrong password 1"));
  // A writer from elsewhere is not affected.
  const address = email();
  const writer = await client("198.51.100.11");
  expect((await writer.post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } })).status()).toBe(201);
  expect([200, 302]).toContain((await signIn(writer, address, PASSWORD)).status());
});

test("POST /api/auth/sign-up: 3 per IP, then 429; 2 attempts per email, then 429", async () => {
  const from = await client("198.51.100.20");
  for (let i = 0; i < 3; i++) expect((await from.post("/api/auth/sign-up", { data: { email: email(), password: PASSWORD } })).status()).toBe(201);
  await expect429(await from.post("/api/auth/sign-up", { data: { email: email(), password: PASSWORD } }));
  const address = email();
  expect((await (await client("198.51.100.21")).post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } })).status()).toBe(201);
  expect((await (await client("198.51.100.22")).post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } })).status()).toBe(409);
  await expect429(await (await client("198.51.100.23")).post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } }));
});

test("GET /api/genflow/sessions: one budget per user across all their tokens and the cookie; checked before the body is read", async () => {
  const address = email();
  const cookie = await client("198.51.100.30");
  expect((await cookie.post("/api/auth/sign-up", { data: { email: address, password: PASSWORD } })).status()).toBe(201);
  expect([200, 302]).toContain((await signIn(cookie, address, PASSWORD)).status());
  const tokens: string[] = [];
  for (const name of ["one", "two"]) {
    const res = await cookie.post("/api/genflow/tokens", { data: { name } });
    expect(res.status()).toBe(201);
    tokens.push((await res.json()).token);
  }
  const callers = [cookie, ...(await Promise.all(tokens.map((t) => client("198.51.100.31", { authorization: `Bearer ${t}` }))))];
  // 8 points: 2 spent creating the tokens, so 6 more reads in turn across the three credentials.
  for (let i = 0; i < 6; i++) expect((await callers[i % 3].get("/api/genflow/sessions")).status(), `read ${i}`).toBe(200);
  for (const caller of callers) await expect429(await caller.get("/api/genflow/sessions"));
  // Over budget, a 2 MB body is not even read: 429, not 413.
  await expect429(await callers[1].post("/api/genflow/sessions", { headers: { "content-type": "application/json" }, data: Buffer.alloc(2 * 1024 * 1024, 32) }));
  // A fresh token does not bring a fresh allowance.
  await expect429(await cookie.post("/api/genflow/tokens", { data: { name: "three" } }));
});

test("unauthenticated requests, bad JSON included, spend a per-IP budget", async () => {
  const anonymous = await client("198.51.100.40");
  for (let i = 0; i < 3; i++) expect((await anonymous.get("/api/genflow/sessions")).status()).toBe(401);
  for (let i = 0; i < 3; i++)
    expect(
      (await anonymous.post("/api/genflow/sessions", { headers: { "content-type": "application/json" }, data: Buffer.from("{bad") })).status(),
    ).toBeLessThan(500);
  await expect429(await anonymous.get("/api/genflow/sessions"));
  await expect429(await anonymous.post("/api/genflow/sessions", { headers: { "content-type": "application/json" }, data: Buffer.from("{bad") }));
  expect((await (await client("198.51.100.41")).get("/api/genflow/sessions")).status()).toBe(401);
});
