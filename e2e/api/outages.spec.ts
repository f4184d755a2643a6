// POST /api/genflow/sessions/{id}/actions and the session reads while a dependency is down. This spec starts its
// own `next start` (same build, same database) whose Pusher is a server that accepts connections and never
// answers, and whose database connections go through a TCP proxy the spec can cut: actions still answer 202 at
// once and runs finish at full speed; a database outage answers 503 service_unavailable with Retry-After on
// every route, and the app recovers by itself.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { type FakeOpenAI, startFakeOpenAI } from "../../scripts/fake-openai/server";
import { freePort, waitForHealth } from "../../scripts/lib/processes";
import { startTcpProxy, type TcpProxy } from "../../scripts/test/tcp-proxy";
import { expect, test, type Writer } from "../fixtures";

test.describe.configure({ mode: "serial" });

const API = "/api/genflow";
let fake: FakeOpenAI | undefined;
let proxy: TcpProxy | undefined;
let hungPusher: Server | undefined;
const hungSockets = new Set<Socket>();
let app: { url: string; child: ChildProcess; logs: string[] } | undefined;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // gone already
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fake = await startFakeOpenAI({ latency: { ttftMs: 20, tokensPerSecond: 3000 } });
  const database = new URL(process.env.DATABASE_URL ?? "");
  proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
  database.hostname = "127.0.0.1";
  database.port = String(proxy.port);
  hungPusher = createServer((socket) => {
    hungSockets.add(socket);
    socket.on("close", () => hungSockets.delete(socket));
  });
  await new Promise<void>((resolve) => hungPusher?.listen(0, "127.0.0.1", () => resolve()));
  const pusherPort = (hungPusher.address() as { port: number }).port;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: database.toString(),
      DATABASE_QUERY_TIMEOUT_SECONDS: "2",
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(pusherPort),
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: "fake-key",
      GENFLOW_MODEL: "fake-writer-1",
      NEXTAUTH_URL: url,
    },
  });
  const logs: string[] = [];
  child.stdout?.on("data", (c: Buffer) => logs.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => logs.push(c.toString()));
  app = { url, child, logs };
  await waitForHealth(url, { timeoutMs: 90_000, isAlive: () => child.exitCode === null });
});

test.afterAll(async () => {
  if (app) {
    signalGroup(app.child, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    signalGroup(app.child, "SIGKILL");
  }
  for (const socket of hungSockets) socket.destroy();
  hungPusher?.close();
  await proxy?.stop();
  await fake?.stop();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && app) await testInfo.attach("next-start logs", { body: app.logs.join(""), contentType: "text/plain" });
});

function client(writer: Writer) {
  const url = (path: string) => `${app?.url}${API}${path}`;
  return {
    get: (path: string) => writer.bearer.get(url(path)),
    post: (path: string, data: unknown) => writer.bearer.post(url(path), { data }),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

async function waitForRun(c: ReturnType<typeof client>, sessionId: string, actionId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await (await c.get(`/sessions/${sessionId}/actions/${actionId}`)).json();
    if (!["queued", "running"].includes(run.status) || Date.now() > deadline) return run;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test.describe(`POST ${API}/sessions/{id}/actions with Pusher hung, then down`, () => {
  test("answers 202 at once and the run finishes at full speed, while Pusher never answers", async ({ writerA }) => {
    const c = client(writerA);
    const { sessionId } = await (await c.post("/sessions", { title: "Pusher hung" })).json();
    const started = Date.now();
    const discover = await timed(() => c.post(`/sessions/${sessionId}/actions`, { action: "discover_topics", parameters: { category: "outages", count: 3 } }));
    expect(discover.value.status(), await discover.value.text()).toBe(202);
    expect(discover.ms).toBeLessThan(2000);
    const run = await waitForRun(c, sessionId, (await discover.value.json()).actionId);
    expect(run.status).toBe("succeeded");
    // The old publish held the session's queue for two 5 s timeouts per event (~10 s each).
    expect(Date.now() - started).toBeLessThan(8000);
    const topicId = run.result.topics[0].id;
    const select = await timed(() => c.post(`/sessions/${sessionId}/actions`, { action: "select_topic", parameters: { topicId } }));
    expect(select.value.status()).toBe(202);
    // A state action has finished inside the 202: its run says so (the session is `processing` only while a run is).
    expect((await select.value.json()).run.status).toBe("succeeded");
    expect(select.ms).toBeLessThan(2000);
    const events = await (await c.get(`/sessions/${sessionId}/events?after=0`)).json();
    expect(events.events.map((e: { metadata: { seq: number } }) => e.metadata.seq)).toEqual(Array.from({ length: events.lastSeq }, (_, i) => i + 1));
  });

  test("with Pusher down (connection refused), an approve that moves the stage answers 202, not 500", async ({ writerA }) => {
    for (const socket of hungSockets) socket.destroy();
    await new Promise<void>((resolve) => hungPusher?.close(() => resolve()));
    const c = client(writerA);
    const { sessionId } = await (await c.post("/sessions", { title: "Pusher down" })).json();
    expect((await c.post(`/sessions/${sessionId}/actions`, { action: "select_topic", parameters: { title: "Down" } })).status()).toBe(202);
    const approve = await c.post(`/sessions/${sessionId}/actions`, { action: "approve", parameters: {} });
    expect(approve.status(), await approve.text()).toBe(202);
    expect((await approve.json()).run.status).toBe("succeeded");
    expect((await (await c.get(`/sessions/${sessionId}`)).json()).progress).toMatchObject({ stage: "research", status: "idle" });
  });
});

test.describe(`GET ${API}/sessions/{id} and POST …/actions while the database is unreachable`, () => {
  test("a cut answers 503 service_unavailable with Retry-After on every route; then the app recovers", async ({ writerA }) => {
    const c = client(writerA);
    const { sessionId } = await (await c.post("/sessions", { title: "Database cut" })).json();
    proxy?.setMode("cut");
    const answers = await Promise.all([
      c.get(`/sessions/${sessionId}`),
      c.get("/sessions"),
      c.get(`/sessions/${sessionId}/events?after=0`),
      c.post(`/sessions/${sessionId}/actions`, { action: "select_topic", parameters: { title: "Cut" } }),
    ]);
    for (const res of answers) {
      expect(res.status(), `${res.url()}: ${await res.text()}`).toBe(503);
      expect(res.headers()["retry-after"]).toBe("5");
      expect((await res.json()).error.code).toBe("service_unavailable");
    }
    proxy?.setMode("pass");
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await c.get(`/sessions/${sessionId}`)).status();
      if (status !== 200) await new Promise((r) => setTimeout(r, 300));
    }
    expect(status).toBe(200);
    expect((await c.post(`/sessions/${sessionId}/actions`, { action: "select_topic", parameters: { title: "Back" } })).status()).toBe(202);
  });

  test("silent connections (a failover) answer 503 within the query timeout instead of hanging", async ({ writerA }) => {
    const c = client(writerA);
    const { sessionId } = await (await c.post("/sessions", { title: "Database silent" })).json();
    proxy?.setMode("silent");
    const { value: res, ms } = await timed(() => c.get(`/sessions/${sessionId}`));
    proxy?.setMode("pass");
    expect(res.status(), await res.text()).toBe(503);
    expect(ms).toBeLessThan(10_000);
  });
});
