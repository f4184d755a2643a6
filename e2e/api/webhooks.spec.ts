// Finding 2 and the webhooks of point 2: endpoints per user with their own secrets (shown once,
// rotatable), deliveries signed with them — verified here by a receiver, and refused with NEXTAUTH_SECRET —
// retried with backoff and logged. A dedicated server allows loopback webhook targets.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { checked } from "../contract";
import { type DedicatedApp, startDedicatedApp } from "../dedicated-app";
import { expect, test } from "../fixtures";

test.describe.configure({ mode: "serial" });

const API = "/api/genflow";
const NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let app: DedicatedApp;
let receiver: Server;
let receiverUrl = "";
const received: Received[] = [];
/** Paths that answer 500 to their first request (a receiver that is down for a moment). */
const failOnce = new Set<string>();
const contexts: APIRequestContext[] = [];

/** What an integrator runs (the README's snippet): HMAC-SHA256 over `${timestamp}.${body}`. */
function verify({ headers, body }: Received, secret: string): boolean {
  const timestamp = String(headers["x-genflow-timestamp"]);
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  const given = Buffer.from(String(headers["x-genflow-signature"]));
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body });
      if (failOnce.delete(path)) {
        res.statusCode = 500;
        return res.end("down");
      }
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startDedicatedApp({ FETCH_ALLOW_PRIVATE_HOSTS: "true" });
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  await app?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function writer() {
  const address = `hooks-${randomUUID().slice(0, 8)}@example.test`;
  // Both clients check every answer against the OpenAPI document (e2e/contract.ts), as the fixtures' do.
  const cookie = checked(await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { origin: app.url } }), app.url);
  contexts.push(cookie);
  expect((await cookie.post("/api/auth/sign-up", { data: { email: address, password: "correct horse 42" } })).status()).toBe(201);
  const { csrfToken } = await (await cookie.get("/api/auth/csrf")).json();
  await cookie.post("/api/auth/callback/credentials", { form: { csrfToken, email: address, password: "correct horse 42", json: "true" }, maxRedirects: 0 });
  const { token } = await (await cookie.post(`${API}/tokens`, { data: { name: "hooks" } })).json();
  const bearer = checked(await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { authorization: `Bearer ${token}` } }), app.url);
  contexts.push(bearer);
  return bearer;
}

async function completeSession(api: APIRequestContext, context: Record<string, unknown> = {}) {
  const created = await api.post(`${API}/sessions`, { data: { initialStage: "publish", title: "Hooked", context } });
  expect(created.status(), await created.text()).toBe(201);
  const { sessionId } = await created.json();
  const done = await api.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "complete", parameters: {} } });
  expect(done.status(), await done.text()).toBe(202);
  return sessionId as string;
}

const arrivals = (path: string) => received.filter((r) => r.path === path);

test.describe(`${API}/webhooks`, () => {
  test("register (secret shown once), deliver article.published + session.completed signed with the endpoint's secret, not NEXTAUTH_SECRET; logged", async () => {
    const api = await writer();
    const created = await api.post(`${API}/webhooks`, { data: { url: `${receiverUrl}/a`, events: ["article.published", "session.completed"] } });
    expect(created.status(), await created.text()).toBe(201);
    const hook = await created.json();
    expect(hook.secret).toMatch(/^whsec_[\w-]{40,}$/);
    const listed = await (await api.get(`${API}/webhooks`)).json();
    expect(listed.webhooks).toEqual([expect.objectContaining({ id: hook.id, url: `${receiverUrl}/a` })]);
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    const sessionId = await completeSession(api);
    await expect.poll(() => arrivals("/a").length, { timeout: 15_000 }).toBe(2);
    for (const delivery of arrivals("/a")) {
      expect(verify(delivery, hook.secret)).toBe(true);
      expect(verify(delivery, NEXTAUTH_SECRET)).toBe(false);
      const body = JSON.parse(delivery.body);
      expect(body).toMatchObject({ sessionId, article: { title: "Hooked" } });
      expect(delivery.headers["x-genflow-event"]).toBe(body.event);
    }
    expect(
      arrivals("/a")
        .map((d) => JSON.parse(d.body).event)
        .sort(),
    ).toEqual(["article.published", "session.completed"]);

    const log = await (await api.get(`${API}/webhooks/${hook.id}/deliveries`)).json();
    expect(log.deliveries).toHaveLength(2);
    for (const d of log.deliveries) expect(d).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
  });

  test("a failed delivery is retried with backoff and logged; rotating the secret signs the retry with the new one", async () => {
    test.setTimeout(60_000);
    const api = await writer();
    const hook = await (await api.post(`${API}/webhooks`, { data: { url: `${receiverUrl}/flaky`, events: ["session.completed"] } })).json();
    failOnce.add("/flaky");
    await completeSession(api);
    await expect
      .poll(async () => (await (await api.get(`${API}/webhooks/${hook.id}/deliveries`)).json()).deliveries[0], { timeout: 15_000 })
      .toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    const rotated = await (await api.post(`${API}/webhooks/${hook.id}/rotate-secret`)).json();
    expect(rotated.secret).not.toBe(hook.secret);
    await expect
      .poll(async () => (await (await api.get(`${API}/webhooks/${hook.id}/deliveries`)).json()).deliveries[0], { timeout: 40_000, intervals: [1000] })
      .toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    const [first, second] = arrivals("/flaky");
    expect(verify(first, hook.secret)).toBe(true);
    expect(verify(second, rotated.secret)).toBe(true);
    expect(verify(second, hook.secret)).toBe(false);
  });

  test("a session's publishWebhookUrl is signed with the writer's own publish secret; an unreachable one reads as words, not a system error", async () => {
    const api = await writer();
    const { secret } = await (await api.post(`${API}/webhook-secret`)).json();
    expect(secret).toMatch(/^whsec_/);
    expect(await (await api.get(`${API}/webhook-secret`)).json()).toEqual({ configured: true });
    await completeSession(api, { publishWebhookUrl: `${receiverUrl}/publish` });
    await expect.poll(() => arrivals("/publish").length, { timeout: 15_000 }).toBe(1);
    expect(verify(arrivals("/publish")[0], secret)).toBe(true);
    expect(verify(arrivals("/publish")[0], NEXTAUTH_SECRET)).toBe(false);

    const lost = await completeSession(api, { publishWebhookUrl: "http://genflow-no-such-host.invalid/hook" });
    await expect
      .poll(async () => (await (await api.get(`${API}/sessions/${lost}`)).json()).lastMessage?.content, { timeout: 15_000 })
      .toBe("Publish webhook failed: Could not reach genflow-no-such-host.invalid: the address does not exist; it will be retried");
  });

  test("refuses bad input (415, 422) and another writer's endpoint (404); DELETE removes it", async () => {
    const [a, b] = [await writer(), await writer()];
    expect((await a.post(`${API}/webhooks`, { data: { url: "ftp://x.example", events: ["run.failed"] } })).status()).toBe(422);
    expect((await a.post(`${API}/webhooks`, { data: { url: "https://x.example", events: ["nope"] } })).status()).toBe(422);
    expect((await a.post(`${API}/webhooks`, { headers: { "content-type": "text/plain" }, data: "{}" })).status()).toBe(415);
    const hook = await (await a.post(`${API}/webhooks`, { data: { url: "https://x.example/hook", events: ["run.failed", "proposal.ready"] } })).json();
    expect((await b.get(`${API}/webhooks/${hook.id}/deliveries`)).status()).toBe(404);
    expect((await b.post(`${API}/webhooks/${hook.id}/rotate-secret`)).status()).toBe(404);
    expect((await b.delete(`${API}/webhooks/${hook.id}`)).status()).toBe(404);
    expect((await a.delete(`${API}/webhooks/${hook.id}`)).status()).toBe(204);
    expect((await (await a.get(`${API}/webhooks`)).json()).webhooks).toEqual([]);
  });
});
