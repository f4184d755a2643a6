// 30 full pipelines (topic → publish) at once against the fake model with ~30 % mixed faults: 429 with
// Retry-After, 500, hang, malformed output, cut stream, stall mid-stream. Every session must end idle or in
// error with a message within a bound; none may be left processing. Prints completed / failed / stuck.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, startRunKit } from "@/scripts/test/run-kit";

const PIPELINES = 30;
// Per action: the longest a faulty run may take here (two 2 s first-byte deadlines, retries, backoff).
const ACTION_BOUND_MS = 45_000;

let fake: FakeOpenAI;
let m: RunModules;

beforeAll(async () => {
  ({ fake, m } = await startRunKit(
    {
      latency: { ttftMs: 20, tokensPerSecond: 2000 },
      faults: { rate: 0.3, kinds: ["429", "500", "hang", "malformed", "cut", "stall"], seed: 10, retryAfterSeconds: 1 },
    },
    { GENFLOW_MODEL_TIMEOUT_SECONDS: "2", GENFLOW_MODEL_IDLE_SECONDS: "1", GENFLOW_RUN_MAX_SECONDS: "40", DATABASE_POOL_MAX: "20" },
  ));
});

afterAll(async () => {
  await fake?.stop();
});

class Stuck extends Error {}

/** One action, awaited to its end, but never longer than the bound: a hang here is a finding, not a wait. */
async function act(sessionId: string, userId: string, action: string, parameters: Record<string, unknown> = {}) {
  const pending: Promise<unknown>[] = [];
  const { run } = await m.runs.startAction({ sessionId, userId, request: { action, parameters }, schedule: (p) => pending.push(p) });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Stuck(`${action} still running after ${ACTION_BOUND_MS} ms`)), ACTION_BOUND_MS);
  });
  try {
    await Promise.race([Promise.all(pending), bound]);
  } finally {
    clearTimeout(timer);
  }
  const view = await m.runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId });
  if (view.status !== "succeeded") throw new Error(`${action} ${view.status}: ${view.errorMessage}`);
  return view;
}

async function pipeline(n: number) {
  const { user, sessionId } = await createWriterSession(m, `faults${n}`);
  const go = (action: string, parameters: Record<string, unknown> = {}) => act(sessionId, user.id, action, parameters);
  try {
    const topics = await go("discover_topics", { category: `fault tolerance ${n}`, count: 3 });
    await go("select_topic", { topicId: (topics.result as { topics: { id: string }[] }).topics[0].id });
    await go("approve");
    await go("research_topic", { sources: [{ title: "Notes", text: "Systems fail; good ones say so and recover." }] });
    await go("approve");
    await go("write_draft", { targetLength: 400 });
    await go("approve");
    await go("apply_style", { preset: "conversational", platform: "newsletter" });
    await go("approve");
    await go("review_article");
    await go("approve");
    await go("export_article", { format: "md" });
    await go("complete");
    return { sessionId, outcome: "completed" as const };
  } catch (error) {
    return { sessionId, outcome: error instanceof Stuck ? ("stuck" as const) : ("failed" as const), reason: (error as Error).message };
  }
}

describe("30 pipelines with 30 % model faults", () => {
  it("leaves every session idle or in error with a message, none processing", { timeout: 300_000 }, async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: PIPELINES }, (_, n) => pipeline(n)));
    const sessions = await m.db.session.findMany({
      where: { id: { in: results.map((r) => r.sessionId) } },
      select: { id: true, status: true, errorMessage: true },
    });
    const runs = await m.db.run.findMany({ where: { sessionId: { in: results.map((r) => r.sessionId) } }, select: { status: true, faults: true } });
    const faults: Record<string, number> = {};
    for (const run of runs)
      for (const [kind, count] of Object.entries((run.faults ?? {}) as Record<string, number>)) faults[kind] = (faults[kind] ?? 0) + count;
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    const figures = {
      pipelines: { completed: count("completed"), failedWithMessage: count("failed"), stuck: count("stuck") },
      runs: {
        total: runs.length,
        succeeded: runs.filter((r) => r.status === "succeeded").length,
        failed: runs.filter((r) => r.status === "failed").length,
        other: runs.filter((r) => !["succeeded", "failed"].includes(r.status)).length,
      },
      faultsMet: faults,
      injected: fake.stats().faults,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(`[fault-suite] ${JSON.stringify(figures)}`);
    for (const r of results.filter((x) => x.outcome === "failed")) console.log(`[fault-suite] failed: ${r.reason}`);

    expect(results.filter((r) => r.outcome === "stuck")).toEqual([]);
    expect(sessions.filter((s) => s.status === "processing")).toEqual([]);
    for (const session of sessions) {
      expect(["idle", "error"]).toContain(session.status);
      if (session.status === "error") expect(session.errorMessage).toMatch(/\S/);
    }
    expect(figures.runs.other).toBe(0);
    // The faults really happened and were met by the runs (the suite is not vacuous).
    expect(Object.values(figures.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(30);
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(30);
  });
});
