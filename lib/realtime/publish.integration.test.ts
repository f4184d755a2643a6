// Pusher is never in the critical path: with the Pusher server hung (accepts, never answers) or down, actions
// are accepted at once and runs finish at full speed with every event in the log; a refused batch falls
// back to single events (the fallback used to throw a TypeError on the SDK's stringified data).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

type Mode = "ok" | "hung" | "refuse-batch";
let mode: Mode = "ok";
const received: { path: string; body: string }[] = [];
const sockets = new Set<Socket>();
let pusher: Server;
let port = 0;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let m: {
  runs: typeof import("@/lib/genflow/runs");
  sessions: typeof import("@/lib/genflow/sessions");
  events: typeof import("@/lib/genflow/events");
  publish: typeof import("@/lib/realtime/publish");
  factories: typeof import("@/scripts/test/factories");
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => resolve(body));
  });
}

/** A Pusher HTTP API stand-in whose behaviour the test switches: answering, hung, or refusing batches. */
function listen(): Promise<void> {
  pusher = createServer(async (req, res) => {
    if (mode === "hung") return; // accepted, never answered
    const path = (req.url ?? "").split("?")[0];
    const body = await readBody(req);
    if (mode === "refuse-batch" && path.endsWith("/batch_events")) {
      res.writeHead(413).end("batch refused");
      return;
    }
    received.push({ path, body });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  pusher.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => pusher.listen(port, "127.0.0.1", () => resolve()));
}

function stopPusher(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => pusher.close(() => resolve()));
}

beforeAll(async () => {
  await listen();
  port = (pusher.address() as AddressInfo).port;
  fake = await startFakeOpenAI({ latency: { ttftMs: 5, tokensPerSecond: 0 } });
  Object.assign(process.env, {
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "test",
    GENFLOW_MODEL: "fake-model",
    PUSHER_APP_ID: "1",
    PUSHER_KEY: "key",
    PUSHER_SECRET: "secret",
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
  });
  m = {
    runs: await import("@/lib/genflow/runs"),
    sessions: await import("@/lib/genflow/sessions"),
    events: await import("@/lib/genflow/events"),
    publish: await import("@/lib/realtime/publish"),
    factories: await import("@/scripts/test/factories"),
  };
});

afterAll(async () => {
  mode = "ok";
  await stopPusher().catch(() => {});
  await fake?.stop();
});

/** discover_topics → select_topic → approve, timing each call to startAction and each run. */
async function pipeline() {
  const user = await m.factories.createTestUser();
  const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
  const answers: number[] = [];
  const act = async (action: string, parameters: Record<string, unknown> = {}) => {
    const pending: Promise<unknown>[] = [];
    const started = Date.now();
    const { run } = await m.runs.startAction({ sessionId, userId: user.id, request: { action, parameters }, schedule: (p) => pending.push(p) });
    answers.push(Date.now() - started);
    await Promise.all(pending);
    return m.runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId: user.id });
  };
  const started = Date.now();
  const topics = await act("discover_topics", { category: "pusher outages", count: 3 });
  const id = (topics.result as { topics: { id: string }[] }).topics[0].id;
  const selected = await act("select_topic", { topicId: id });
  const approved = await act("approve");
  const elapsed = Date.now() - started;
  const session = await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id });
  const seqs = (await m.events.listEvents({ sessionId, after: 0 })).map((e) => e.metadata.seq);
  return { sessionId, statuses: [topics.status, selected.status, approved.status], answers, elapsed, session, seqs };
}

describe("publishing to Pusher", () => {
  it("with Pusher hung, actions are accepted at once and the run finishes at full speed with a gap-free log", async () => {
    mode = "hung";
    const result = await pipeline();
    expect(result.statuses).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(result.session).toMatchObject({ stage: "research", status: "idle" });
    expect(Math.max(...result.answers)).toBeLessThan(1000);
    // The old publish held the session's queue for two 5 s timeouts per event.
    expect(result.elapsed).toBeLessThan(6000);
    expect(result.seqs).toEqual(Array.from({ length: result.seqs.length }, (_, i) => i + 1));
    await stopPusher();
    await m.publish.settlePublishing();
  });

  it("with Pusher down (connection refused), actions and runs succeed the same", async () => {
    const result = await pipeline();
    expect(result.statuses).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(Math.max(...result.answers)).toBeLessThan(1000);
    expect(result.elapsed).toBeLessThan(6000);
    expect(result.seqs).toEqual(Array.from({ length: result.seqs.length }, (_, i) => i + 1));
  });

  it("a refused batch is sent again event by event, every one with its seq, in order", async () => {
    mode = "refuse-batch";
    await listen();
    // Let the pause after the previous test's failures run out.
    await new Promise((r) => setTimeout(r, 5100));
    received.length = 0;
    const result = await pipeline();
    await m.publish.settlePublishing();
    const sent = received.map((r) => JSON.parse(r.body) as { name: string; channels: string[]; data: string });
    expect(received.every((r) => r.path.endsWith("/events"))).toBe(true);
    expect(sent.map((s) => (JSON.parse(s.data) as { metadata: { seq: number } }).metadata.seq)).toEqual(result.seqs);
    expect(sent[0].channels).toEqual([`private-session-${result.sessionId}`]);
  });

  it("publishes in batches while Pusher answers", async () => {
    mode = "ok";
    received.length = 0;
    const result = await pipeline();
    await m.publish.settlePublishing();
    const seqs = received.flatMap((r) =>
      (JSON.parse(r.body) as { batch: { data: string }[] }).batch.map((b) => (JSON.parse(b.data) as { metadata: { seq: number } }).metadata.seq),
    );
    expect(received.every((r) => r.path.endsWith("/batch_events"))).toBe(true);
    expect(seqs).toEqual(result.seqs);
  });
});
