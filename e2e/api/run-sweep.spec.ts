// Recovery without a frequent cron (Vercel Hobby runs cron jobs once a day): a server is SIGKILLed while a run
// streams; on a new server, one API request of ANOTHER writer on another resource (GET /sessions) starts the
// stale-run sweep, which resumes the run. Nobody reads the run's session and the cron route is disabled and
// never called. The spec owns its server and its database (the sweep looks at every session of a database),
// and follows the request and the run by id through the server's JSON log lines and its OpenTelemetry traces.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type APIResponse, request as playwrightRequest } from "@playwright/test";
import pg from "pg";
import { type FakeOpenAI, startFakeOpenAI } from "../../scripts/fake-openai/server";
import { createTestDatabase, type TestDatabase } from "../../scripts/lib/test-db";
import { type AppProcess, startAppProcess, stopAppProcess } from "../app-process";
import { expect, signIn, signUp, test } from "../fixtures";

test.describe.configure({ mode: "serial" });

const API = "/api/genflow";
const LEASE_SECONDS = 6;
const SLOW = { ttftMs: 200, tokensPerSecond: 120 };
const FAST = { ttftMs: 20, tokensPerSecond: 3000 };
/** Written into the outline: it reaches the model's prompt, and must reach neither the logs nor the traces. */
const MARKER = "quokka-lighthouse-marker";

let database: TestDatabase | undefined;
let fake: FakeOpenAI | undefined;
let collector: { server: Server; url: string; bodies: Buffer[] } | undefined;
const apps: AppProcess[] = [];

/** A minimal OTLP/HTTP receiver: keeps every POST /v1/traces body (protobuf: names and ids appear as text). */
async function startCollector() {
  const bodies: Buffer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

function serverEnv(): Record<string, string> {
  if (!database || !fake || !collector) throw new Error("beforeAll did not finish");
  return {
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "fake-key",
    GENFLOW_MODEL: "fake-writer-1",
    GENFLOW_RUN_LEASE_SECONDS: String(LEASE_SECONDS),
    GENFLOW_RUN_SWEEP_SECONDS: "1",
    // The clean-up route answers 503 without a secret: nothing but the sweep can recover the run.
    CRON_SECRET: "",
    // debug: health checks' request lines too, so the log shows every request the servers answered.
    LOG_LEVEL: "debug",
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
}

async function startApp() {
  const app = await startAppProcess(serverEnv());
  apps.push(app);
  return app;
}

/** A writer on `url`: signed up and signed in there, then an API token; requests go by absolute URL. */
async function writerOn(url: string, prefix: string) {
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = "correct horse 42";
  // Origin, as a browser sends it with an unsafe request (the CSRF check).
  const cookie = await playwrightRequest.newContext({ baseURL: url, extraHTTPHeaders: { origin: new URL(url).origin } });
  await signUp(cookie, email, password);
  await signIn(cookie, email, password);
  const created = await cookie.post(`${API}/tokens`, { data: { name: "sweep" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  await cookie.dispose();
  return playwrightRequest.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

async function json(res: APIResponse, status = 200) {
  expect(res.status(), `${res.url()}: ${await res.text()}`).toBe(status);
  return res.json();
}

async function pollUntil<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [database, fake, collector] = await Promise.all([createTestDatabase(), startFakeOpenAI({ latency: SLOW }), startCollector()]);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  for (const app of apps) await stopAppProcess(app);
  await fake?.stop();
  await new Promise((resolve) => collector?.server.close(resolve));
  await database?.drop();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("next-start output", { body: apps.map((a) => `--- ${a.url}\n${a.output()}`).join("\n"), contentType: "text/plain" });
  }
});

test.describe("any API request (GET /api/genflow/sessions) sweeps stale runs", () => {
  test("a run whose server was SIGKILLed is resumed by another writer's request on a new server, with the cron never called", async () => {
    test.setTimeout(150_000);
    if (!fake || !database) throw new Error("beforeAll did not finish");
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    try {
      const first = await startApp();
      const writerA = await writerOn(first.url, "a");
      const writerB = await writerOn(first.url, "b");

      // Writer A's session reaches writing with an outline, and write_draft starts streaming slowly.
      const a = (path: string) => `${first.url}${API}${path}`;
      const { sessionId, articleId } = await json(await writerA.post(a("/sessions"), { data: { initialStage: "research", title: "Swept" } }), 201);
      const sections = [
        { title: "Why it matters", points: [MARKER, "who is affected"] },
        { title: "How it works", points: ["mechanism"] },
      ];
      expect(
        (await json(await writerA.post(a(`/sessions/${sessionId}/actions`), { data: { action: "update_outline", parameters: { sections } } }), 202)).run.status,
      ).toBe("succeeded");
      await json(await writerA.post(a(`/sessions/${sessionId}/actions`), { data: { action: "approve", parameters: { stage: "research" } } }), 202);
      const started = await json(
        await writerA.post(a(`/sessions/${sessionId}/actions`), { data: { action: "write_draft", parameters: { targetLength: 1500 } } }),
        202,
      );
      const runId = started.actionId as string;
      await pollUntil(
        "draft.delta events in the database",
        async () => {
          const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "Event" WHERE "sessionId" = $1 AND type = 'draft.delta'`, [sessionId]);
          return rows[0].n >= 2 ? true : undefined;
        },
        30_000,
      );

      // Another instance is started first and then left alone: its start-up health checks (API requests too) are
      // over before the crash, so the only request that can make it sweep is the one sent below.
      const second = await startApp();

      // The crash: no cleanup, the run stays "running" with a lease nobody renews.
      const killedAt = Date.now();
      await stopAppProcess(first, "SIGKILL");
      expect((await sql.query(`SELECT status, attempts FROM "Run" WHERE id = $1`, [runId])).rows[0]).toEqual({ status: "running", attempts: 1 });
      fake.setLatency(FAST);

      // Nothing reaches the new instance until the lease is certainly over; then writer B lists their own sessions.
      const wait = killedAt + LEASE_SECONDS * 1000 + 1_500 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      expect((await sql.query(`SELECT status, attempts FROM "Run" WHERE id = $1`, [runId])).rows[0]).toEqual({ status: "running", attempts: 1 });
      const list = await writerB.get(`${second.url}${API}/sessions`);
      const listing = await json(list);
      expect(listing.items.map((s: { sessionId: string }) => s.sessionId)).not.toContain(sessionId);
      const sweepRequestId = list.headers()["x-request-id"];
      expect(sweepRequestId).toMatch(/^[0-9a-f-]{36}$/);

      // Only the database is watched from here: no API request reads the run or its session.
      const finished = await pollUntil(
        "the run to be resumed and finish",
        async () => {
          const { rows } = await sql.query(`SELECT status, attempts, "errorMessage" FROM "Run" WHERE id = $1`, [runId]);
          return ["succeeded", "failed"].includes(rows[0].status) ? rows[0] : undefined;
        },
        45_000,
      );
      const recoveredMs = Date.now() - killedAt;
      console.log(`[run-sweep] the killed run ended ${finished.status} (attempt ${finished.attempts}) ${recoveredMs} ms after the kill`);
      expect(finished).toEqual({ status: "succeeded", attempts: 2, errorMessage: null });
      const session = (await sql.query(`SELECT status FROM "Session" WHERE id = $1`, [sessionId])).rows[0];
      expect(session.status).toBe("idle");
      const revisions = (await sql.query(`SELECT count(*)::int AS n FROM "ArticleRevision" WHERE "articleId" = $1 AND source = 'stage'`, [articleId])).rows[0];
      expect(revisions.n, "the resumed draft is applied exactly once").toBe(1);

      // Followed by id through the JSON logs: writer B's request line, and the run's transitions under its id.
      // The run's last line is written just after its outcome is committed: wait for it to reach stdout.
      const lines = await pollUntil(
        "the run's final log line",
        async () => (second.logLines().some((l) => l.runId === runId && l.outcome === "succeeded") ? second.logLines() : undefined),
        10_000,
      );
      const requestLine = lines.find((l) => l.msg === "request" && l.requestId === sweepRequestId);
      expect(requestLine).toMatchObject({ method: "GET", route: `${API}/sessions`, status: 200, userId: expect.any(String) });
      const runLines = lines.filter((l) => l.event === "run" && l.runId === runId);
      expect(runLines.map((l) => l.outcome)).toEqual(["resuming", "resumed", "succeeded"]);
      expect(
        second
          .logLines()
          .filter((l) => l.msg === "request" && l.time && Date.parse(String(l.time)) > killedAt)
          .map((l) => l.requestId),
      ).toEqual([sweepRequestId]);
      for (const line of runLines) {
        expect(line).toMatchObject({ requestId: sweepRequestId, sessionId, action: "write_draft", attempt: expect.any(Number) });
        // Writer B's request started the sweep, but the run is writer A's: B's id is not on its lines.
        expect(line.userId).toBeUndefined();
      }
      expect(runLines[2]).toMatchObject({
        attempt: 2,
        model: "fake-writer-1",
        tokensIn: expect.any(Number),
        tokensOut: expect.any(Number),
        ms: expect.any(Number),
      });
      expect(Number(runLines[2].tokensOut)).toBeGreaterThan(500);
      const excerpt = [requestLine, ...runLines].map((l) => JSON.stringify(l)).join("\n");
      test.info().annotations.push({ type: "log excerpt", description: excerpt });
      console.log(`[run-sweep] the request and the run, followed by requestId ${sweepRequestId}:\n${excerpt}`);

      // The cron route was never called (and could not have done anything: it is disabled without CRON_SECRET).
      for (const app of [first, second]) expect(app.logLines().filter((l) => String(l.path ?? "").startsWith("/api/cron"))).toEqual([]);
      // No article text in the logs.
      expect(first.output() + second.output()).not.toContain(MARKER);

      // Traces reached the collector: the run's span, the model call (AI SDK), its HTTP attempt and Prisma queries —
      // without the prompt.
      const traces = await pollUntil(
        "traces of the resumed run",
        async () => {
          const text = Buffer.concat(collector?.bodies ?? []).toString("latin1");
          return text.includes("run write_draft") && text.includes("genflow.writing.prose") ? text : undefined;
        },
        15_000,
      );
      expect(traces).toContain(runId);
      expect(traces).toContain("fake-writer-1");
      expect(traces).toMatch(/prisma:client/);
      expect(traces).not.toContain(MARKER);

      await Promise.all([writerA.dispose(), writerB.dispose()]);
    } finally {
      await sql.end();
    }
  });
});
