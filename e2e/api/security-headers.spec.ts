// Findings 6 and 8-CORS: security headers on pages and API answers; CORS only for the CORS_ORIGINS
// allow-list (the e2e server allows https://integrator.example), never with credentials.
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "../fixtures";

const API = "/api/genflow";
const ALLOWED = "https://integrator.example";

function expectBaseHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
}

test.describe("Security headers", () => {
  test("a page: CSP with a fresh nonce per request on Next's scripts, frame-ancestors 'none', Pusher's host in connect-src", async ({ writerA }) => {
    const first = await writerA.cookie.get("/settings");
    const second = await writerA.cookie.get("/settings");
    expect(first.status()).toBe(200);
    const headers = first.headers();
    expectBaseHeaders(headers);
    const csp = headers["content-security-policy"];
    console.log(`page /settings headers: ${JSON.stringify(headers, null, 1)}`);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"])?.[1]).not.toBe(nonce);
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${process.env.E2E_PUSHER_PORT}`);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // No HSTS over plain http outside production.
    expect(headers["strict-transport-security"]).toBeUndefined();
  });

  test("the sign-in page (signed out) and an API answer carry them too", async ({ request, writerA }) => {
    expectBaseHeaders((await request.get("/sign-in")).headers());
    const api = await writerA.bearer.get(`${API}/sessions`);
    const headers = api.headers();
    console.log(`API GET ${API}/sessions headers: ${JSON.stringify(headers, null, 1)}`);
    expectBaseHeaders(headers);
    expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expectBaseHeaders((await request.get(`${API}/nope`)).headers());
  });
});

test.describe(`CORS on ${API}`, () => {
  test("a preflight from an allowed origin is answered (methods, Authorization), without credentials", async ({ request }) => {
    const res = await request.fetch(`${API}/sessions`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(res.status()).toBe(204);
    const headers = res.headers();
    expect(headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(headers["access-control-allow-methods"]).toContain("POST");
    expect(headers["access-control-allow-headers"]?.toLowerCase()).toContain("authorization");
    expect(headers["access-control-allow-credentials"]).toBeUndefined();
  });

  test("a bearer request from an allowed origin gets Access-Control-Allow-Origin; other origins get none", async ({ writerA }) => {
    const allowed = await writerA.bearer.get(`${API}/sessions`, { headers: { origin: ALLOWED } });
    expect(allowed.status()).toBe(200);
    expect(allowed.headers()["access-control-allow-origin"]).toBe(ALLOWED);
    expect(allowed.headers()["access-control-allow-credentials"]).toBeUndefined();
    const other = await writerA.bearer.get(`${API}/sessions`, { headers: { origin: "https://evil.example" } });
    expect(other.headers()["access-control-allow-origin"]).toBeUndefined();
    const preflight = await writerA.bearer.fetch(`${API}/sessions`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();
  });

  test("a cookie request from an allowed origin is still refused for unsafe methods (cookies are never CORS credentials)", async ({ writerA }) => {
    const res = await writerA.cookie.post(`${API}/sessions`, { headers: { origin: ALLOWED }, data: {} });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("csrf_rejected");
  });
});

test("the editor page in a real browser runs under the CSP without violations", async ({ browser, writerA }) => {
  const context = await browser.newContext({ storageState: await writerA.cookie.storageState() });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  const { sessionId, articleId } = await (await writerA.bearer.post(`${API}/sessions`, { data: { title: "CSP" } })).json();
  expect(sessionId).toBeTruthy();
  await page.goto(`/articles/${articleId}`);
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
  await context.close();
  const anonymous = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  expect((await anonymous.get("/")).status()).toBeLessThan(500);
  await anonymous.dispose();
});
