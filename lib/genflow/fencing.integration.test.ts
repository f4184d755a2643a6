// Fenced writes across processes: a worker paused past its lease (SIGSTOP) and a run cancelled from another
// instance write nothing after the takeover or the cancel — each event is checked against the run's owner
// and attempt in the statement that writes it.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, runAction, startRunKit } from "@/scripts/test/run-kit";
import { startWorker } from "@/scripts/test/worker";

let fake: FakeOpenAI;
const children = new Set<ChildProcess>();
let m: RunModules;

const ENV = { GENFLOW_MODEL: "fake-model", OPENAI_API_KEY: "test", GENFLOW_RUN_LEASE_SECONDS: "3" };

beforeAll(async () => {
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 5, tokensPerSecond: 0 } }, ENV));
});

afterAll(async () => {
  for (const child of children) {
    child.kill("SIGCONT");
    child.kill("SIGKILL");
  }
  await fake?.stop();
});

function start(input: { sessionId: string; userId: string; action: string; parameters: Record<string, unknown> }) {
  const worker = startWorker(input, { ...ENV, OPENAI_BASE_URL: fake.url, DATABASE_URL: inject("databaseUrl") });
  children.add(worker.child);
  return { ...worker, actionId: worker.report.then((r) => r.actionId ?? "") };
}

const act = (sessionId: string, userId: string, action: string, parameters?: Record<string, unknown>) => runAction(m, sessionId, userId, action, parameters);

/** A session at the writing stage, with an outline to write along. */
async function sessionAtWriting() {
  const { user, sessionId } = await createWriterSession(m);
  const topics = await act(sessionId, user.id, "discover_topics", { category: "fenced writes", count: 3 });
  await act(sessionId, user.id, "select_topic", { topicId: (topics.result as { topics: { id: string }[] }).topics[0].id });
  await act(sessionId, user.id, "approve");
  await act(sessionId, user.id, "research_topic", { sources: [{ title: "Notes", text: "Leases fence writers that lost their claim." }] });
  await act(sessionId, user.id, "approve");
  return { sessionId, userId: user.id };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const deltas = (sessionId: string) =>
  m.db.event.findMany({ where: { sessionId, type: "draft.delta" }, orderBy: { seq: "asc" }, select: { seq: true, data: true } });

describe("fenced writes", () => {
  it("a worker paused past its lease writes nothing after another process takes its run over", async () => {
    const { sessionId, userId } = await sessionAtWriting();
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 60 });
    const worker = start({ sessionId, userId, action: "write_draft", parameters: { targetLength: 500 } });
    const actionId = await worker.actionId;
    await until(
      () => deltas(sessionId),
      (rows) => rows.length >= 3,
      20_000,
    );
    worker.child.kill("SIGSTOP");
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 300 });
    // The paused worker's lease (3 s) runs out; this process notices and resumes the run as attempt 2.
    const pending: Promise<unknown>[] = [];
    const recovered = await until(
      () => m.executor.recoverStaleRuns({ sessionId, schedule: (p) => pending.push(p) }),
      (r) => r.resumed > 0,
      10_000,
    );
    const state = await m.db.run.findUniqueOrThrow({ where: { id: actionId } });
    expect({ ...recovered, status: state.status, lease: state.leaseExpiresAt && state.leaseExpiresAt < new Date() }).toMatchObject({ resumed: 1 });
    await until(
      () => deltas(sessionId),
      (rows) => rows.some((r) => (r.data as { attempt: number }).attempt === 2),
      10_000,
    );
    worker.child.kill("SIGCONT");
    await Promise.all(pending);
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 0 });
    expect(await worker.exited).toBe(0);
    const run = await m.db.run.findUniqueOrThrow({ where: { id: actionId }, select: { status: true, attempts: true } });
    expect(run).toEqual({ status: "succeeded", attempts: 2 });
    const rows = await deltas(sessionId);
    const firstOfTakeover = rows.find((r) => (r.data as { attempt: number }).attempt === 2)?.seq ?? 0;
    const lateFromPaused = rows.filter((r) => (r.data as { attempt: number }).attempt === 1 && r.seq > firstOfTakeover);
    expect(firstOfTakeover).toBeGreaterThan(0);
    expect(lateFromPaused).toEqual([]);
    expect(await m.db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true } })).toEqual({ status: "idle" });
  });

  it("a run cancelled from another instance stops writing at once, and a new run right after writes alone", async () => {
    const { sessionId, userId } = await sessionAtWriting();
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 80 });
    const worker = start({ sessionId, userId, action: "write_draft", parameters: { targetLength: 500 } });
    const cancelledId = await worker.actionId;
    await until(
      () => deltas(sessionId),
      (rows) => rows.length >= 3,
      20_000,
    );
    await m.runs.cancelRun({ sessionId, actionId: cancelledId, userId });
    const cancelSeq = (
      await m.db.event.findFirstOrThrow({
        where: { sessionId, type: "action.completed", data: { path: ["actionId"], equals: cancelledId } },
        select: { seq: true },
      })
    ).seq;
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 0 });
    const next = await act(sessionId, userId, "write_draft", { targetLength: 300 });
    expect(next.status).toBe("succeeded");
    expect(await worker.exited).toBe(0);
    const rows = await deltas(sessionId);
    const late = rows.filter((r) => (r.data as { actionId: string }).actionId === cancelledId && r.seq > cancelSeq);
    expect(late).toEqual([]);
    expect(rows.filter((r) => (r.data as { actionId: string }).actionId === next.actionId).length).toBeGreaterThan(0);
    expect((await m.db.run.findUniqueOrThrow({ where: { id: cancelledId }, select: { status: true } })).status).toBe("cancelled");
  });
});
