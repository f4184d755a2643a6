// Recovery on every read path of a session's state (GET session, GET action, GET events, the list), and the
// watchdog: a run whose model shows no sign of life is failed by whoever reads, whatever its heartbeat says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, startRunKit } from "@/scripts/test/run-kit";

let fake: FakeOpenAI;
let m: RunModules;

beforeAll(async () => {
  // Watchdog: 3 × max(first byte 1 s, idle 1 s) + lease 2 s = 5 s.
  ({ fake, m } = await startRunKit(
    { latency: { ttftMs: 5, tokensPerSecond: 0 } },
    { GENFLOW_RUN_LEASE_SECONDS: "2", GENFLOW_MODEL_TIMEOUT_SECONDS: "1", GENFLOW_MODEL_IDLE_SECONDS: "1" },
  ));
});

afterAll(async () => {
  await fake?.stop();
});

/** A session left processing by a run in the given state (a dead process, or a live heartbeat with no progress). */
async function stuckSession(run: { attempts: number; leaseExpiresAt: Date; progressAt: Date }) {
  const { user, sessionId } = await createWriterSession(m);
  await m.db.session.update({ where: { id: sessionId }, data: { status: "processing", currentStep: "Analysing trends" } });
  const { id } = await m.db.run.create({
    data: {
      sessionId,
      action: "discover_topics",
      stage: "topic",
      status: "running",
      model: "fake-model",
      leaseOwner: "gone:1",
      heartbeatAt: new Date(),
      startedAt: new Date(Date.now() - 60_000),
      ...run,
    },
  });
  return { sessionId, userId: user.id, actionId: id };
}

const dead = () => ({ attempts: 2, leaseExpiresAt: new Date(Date.now() - 1000), progressAt: new Date() });
const silent = () => ({ attempts: 1, leaseExpiresAt: new Date(Date.now() + 60_000), progressAt: new Date(Date.now() - 10_000) });
const noSchedule = () => {
  throw new Error("nothing should be resumed here");
};

describe("recovery on every read path", () => {
  it("GET action: a run whose process died is failed with a message when polled", async () => {
    const { sessionId, userId, actionId } = await stuckSession(dead());
    const run = await m.runs.getRunOrThrow({ sessionId, actionId, userId, schedule: noSchedule });
    expect(run).toMatchObject({ status: "failed", errorMessage: "The server stopped while this action was running; please retry" });
    expect((await m.sessions.getSessionOrThrow({ id: sessionId, userId })).status).toBe("error");
  });

  it("GET events: the recovery's error event is among the events of the same read", async () => {
    const { sessionId, userId, actionId } = await stuckSession(dead());
    const session = await m.runs.getLiveSessionOrThrow({ id: sessionId, userId, schedule: noSchedule });
    const events = await m.events.listEvents({ sessionId, after: 0 });
    expect(session.status).toBe("error");
    expect(events.at(-1)).toMatchObject({ type: "error", data: { actionId, retryable: true } });
  });

  it("the list: processing sessions on the page are recovered before they are shown", async () => {
    const { userId } = await stuckSession(dead());
    const page = await m.runs.listLiveSessions({ userId, limit: 10, locale: "en", schedule: noSchedule });
    expect(page.items.map((s) => s.progress.status)).toEqual(["error"]);
  });

  it("a dead run with attempts left is resumed by a read and runs to the end", async () => {
    const { sessionId, userId, actionId } = await stuckSession({ ...dead(), attempts: 1 });
    const pending: Promise<unknown>[] = [];
    await m.runs.getRunOrThrow({ sessionId, actionId, userId, schedule: (p) => pending.push(p) });
    expect(pending).toHaveLength(1);
    await Promise.all(pending);
    expect(await m.runs.getRunOrThrow({ sessionId, actionId, userId })).toMatchObject({ status: "succeeded" });
  });
});

describe("the watchdog", () => {
  it("fails a run with a fresh heartbeat and lease whose model has been silent past the limit, freeing the session", async () => {
    const { sessionId, userId, actionId } = await stuckSession(silent());
    const run = await m.runs.getRunOrThrow({ sessionId, actionId, userId, schedule: noSchedule });
    expect(run).toMatchObject({ status: "failed", errorMessage: "The action showed no progress for 5 s and was stopped; please retry" });
    expect((await m.sessions.getSessionOrThrow({ id: sessionId, userId })).status).toBe("error");
  });

  it("leaves a run alone while its model shows signs of life", async () => {
    const { sessionId, userId, actionId } = await stuckSession({
      attempts: 1,
      leaseExpiresAt: new Date(Date.now() + 60_000),
      progressAt: new Date(Date.now() - 1000),
    });
    expect(await m.runs.getRunOrThrow({ sessionId, actionId, userId, schedule: noSchedule })).toMatchObject({ status: "running" });
  });
});
