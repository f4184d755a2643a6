// Finding 1 (CSRF): a page on another port of the same host, opened in the victim's signed-in browser,
// tries every trick that used to work — forms with text/plain and urlencoded bodies, a no-cors fetch — and
// creates nothing. The same requests from our own origin, or with a bearer token, still work.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../fixtures";

const API = "/api/genflow";

test.describe(`Cookie-authenticated unsafe requests to ${API}/*`, () => {
  test("a non-JSON content type → 415 even with the app's origin (text/plain;json, form;json, multipart boundary=json)", async ({ writerA }) => {
    for (const type of ["text/plain;json", "application/x-www-form-urlencoded;json", "multipart/form-data; boundary=json", "text/plain"]) {
      const res = await writerA.cookie.post(`${API}/sessions`, { headers: { "content-type": type }, data: Buffer.from('{"title":"x"}') });
      expect(res.status(), type).toBe(415);
      expect((await res.json()).error.code).toBe("unsupported_media_type");
    }
  });

  test("another origin, or no Origin and no same-origin Sec-Fetch-Site → 403 csrf_rejected; our origin → 201; a bearer token from anywhere → 201", async ({
    writerA,
    sql,
  }) => {
    const before = await sql.query(`SELECT count(*)::int AS n FROM "Session" WHERE "userId" = $1`, [writerA.id]);
    const cases: Record<string, string>[] = [
      { origin: "http://127.0.0.1:1" },
      { origin: "null" },
      { origin: "" },
      { origin: "", "sec-fetch-site": "same-site" },
      { origin: "", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of cases) {
      const res = await writerA.cookie.post(`${API}/sessions`, { headers, data: { title: "csrf" } });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe("csrf_rejected");
    }
    const after = await sql.query(`SELECT count(*)::int AS n FROM "Session" WHERE "userId" = $1`, [writerA.id]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect((await writerA.cookie.post(`${API}/sessions`, { data: { title: "mine" } })).status()).toBe(201);
    // Without an Origin (blank here), Sec-Fetch-Site: same-origin — what a browser sends from our pages — is enough.
    expect((await writerA.cookie.post(`${API}/sessions`, { headers: { origin: "", "sec-fetch-site": "same-origin" }, data: { title: "mine" } })).status()).toBe(
      201,
    );
    expect((await writerA.bearer.post(`${API}/sessions`, { headers: { origin: "https://elsewhere.example" }, data: { title: "integrator" } })).status()).toBe(
      201,
    );
    // Safe methods are not checked: a GET with a foreign Origin is a read the browser would not expose.
    expect((await writerA.cookie.get(`${API}/sessions`, { headers: { origin: "http://127.0.0.1:1" } })).status()).toBe(200);
  });
});

test.describe("A hostile page on another port of the same host, in the victim's signed-in browser", () => {
  let attacker: Server;
  let attackerUrl = "";

  test.beforeAll(async ({ baseURL }) => {
    const target = baseURL ?? "";
    // The same three attacks the black-box test used: a text/plain form that smuggles JSON, an urlencoded
    // form, and a no-cors fetch with a text/plain body.
    const page = (sessionId: string) => `<!doctype html><html><body>
<form id="create-session" method="POST" action="${target}${API}/sessions" enctype="text/plain" target="f1">
  <input name='{"title":"pwned","x":"' value='"}'></form>
<form id="create-token" method="POST" action="${target}${API}/tokens" enctype="application/x-www-form-urlencoded" target="f2">
  <input name="name" value="pwned"></form>
<form id="select-topic" method="POST" action="${target}${API}/sessions/${sessionId}/actions" enctype="text/plain" target="f3">
  <input name='{"action":"select_topic","parameters":{"title":"pwned"},"x":"' value='"}'></form>
<iframe name="f1"></iframe><iframe name="f2"></iframe><iframe name="f3"></iframe>
<script>
  window.results = [];
  window.attack = async () => {
    for (const id of ["create-session", "create-token", "select-topic"]) document.getElementById(id).submit();
    for (const [path, body] of [["/sessions", '{"title":"pwned"}'], ["/tokens", '{"name":"pwned"}']]) {
      try {
        await fetch("${target}${API}" + path, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body });
        window.results.push("sent");
      } catch (e) { window.results.push("blocked"); }
    }
  };
</script></body></html>`;
    attacker = createServer((req, res) => {
      const sessionId = new URL(req.url ?? "/", "http://x").searchParams.get("session") ?? "";
      res.writeHead(200, { "content-type": "text/html" });
      res.end(page(sessionId));
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((resolve) => attacker.close(resolve));
  });

  test("its forms and no-cors fetches create no session, no token and run no action", async ({ browser, writerA, sql }) => {
    const started = await writerA.bearer.post(`${API}/sessions`, { data: { title: "victim's" } });
    const { sessionId } = await started.json();
    const counts = async () => {
      const { rows } = await sql.query(
        `SELECT (SELECT count(*)::int FROM "Session" WHERE "userId" = $1) AS sessions, (SELECT count(*)::int FROM "ApiToken" WHERE "userId" = $1) AS tokens, (SELECT count(*)::int FROM "Run" WHERE "sessionId" = $2) AS runs`,
        [writerA.id, sessionId],
      );
      return rows[0];
    };
    const before = await counts();
    const context = await browser.newContext({ storageState: await writerA.cookie.storageState() });
    const page = await context.newPage();
    const answers: { url: string; status: number; body: string }[] = [];
    page.on("response", async (res) => {
      if (res.url().includes(API)) answers.push({ url: res.url(), status: res.status(), body: await res.text().catch(() => "") });
    });
    await page.goto(`${attackerUrl}/?session=${sessionId}`);
    await page.evaluate(() => (window as unknown as { attack(): Promise<void> }).attack());
    await expect.poll(() => answers.filter((a) => a.url.includes(API)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    // Every answer is the CSRF refusal (the frames cannot even show it: frame-ancestors 'none').
    for (const answer of answers) expect(answer.status, answer.url).toBe(403);
    await page.waitForTimeout(500);
    expect(await counts()).toEqual(before);
    // The same form as a top-level navigation shows the refusal itself.
    await Promise.all([
      page.waitForURL(/\/api\/genflow\/tokens$/),
      page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>("#create-token");
        if (!form) throw new Error("the attack page has no create-token form");
        form.target = "_self";
        form.submit();
      }),
    ]);
    expect(JSON.parse((await page.textContent("body")) ?? "{}").error.code).toBe("csrf_rejected");
    expect(await counts()).toEqual(before);
    await context.close();
  });

  test("the same browser on the app's own pages still creates sessions (Origin matches)", async ({ browser, writerA, baseURL }) => {
    const context = await browser.newContext({ storageState: await writerA.cookie.storageState() });
    const page = await context.newPage();
    await page.goto(`${baseURL}/settings`);
    const status = await page.evaluate(
      async (api) => (await fetch(`${api}/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"title":"own page"}' })).status,
      API,
    );
    expect(status).toBe(201);
    await context.close();
  });
});
