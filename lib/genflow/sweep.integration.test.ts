// The stale-run sweep any API request may start: across sessions and writers, at most once per interval per
// instance, resuming runs with attempts left and failing the others cleanly, each transition in the JSON log.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";
import { type CapturedLog, captureLog } from "@/scripts/test/capture-log";

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let sweep: typeof import("@/lib/genflow/sweep");
let sessions: typeof import("@/lib/genflow/sessions");
let db: typeof import("@/lib/db")["db"];
let log: typeof import("@/lib/log")["log"];
let createTestUser: typeof import("@/scripts/test/factories")["createTestUser"];

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 1, tokensPerSecond: 0 } });
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "test", GENFLOW_MODEL: "gpt-4.1-mini" });
  sweep = await import("@/lib/genflow/sweep");
  sessions = await import("@/lib/genflow/sessions");
  db = (await import("@/lib/db")).db;
  ({ log } = await import("@/lib/log"));
  ({ createTestUser } = await import("@/scripts/test/factories"));
});

afterAll(async () => {
  await fake?.stop();
});

/** A session of a new writer whose run died mid-way (its lease expired a minute ago) after `attempts` tries. */
async function orphanedRun(attempts: number) {
  const user = await createTestUser();
  const { sessionId } = await sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
  const past = new Date(Date.now() - 60_000);
  await db.session.update({ where: { id: sessionId }, data: { status: "processing" } });
  const run = await db.run.create({
    data: {
      sessionId,
      action: "discover_topics",
      stage: "topic",
      parameters: { category: "marmalade zeppelins", count: 2 },
      status: "running",
      attempts,
      leaseOwner: "dead-host:1",
      leaseExpiresAt: past,
      startedAt: past,
    },
  });
  return { sessionId, runId: run.id };
}

describe("sweepStaleRunsSoon", () => {
  it("schedules at most one sweep per interval per instance, never when the interval is 0, and survives a missing request scope", () => {
    const defer = vi.fn();
    const t0 = 10_000_000_000;
    expect(sweep.sweepStaleRunsSoon({ now: t0, intervalMs: 60_000, defer })).toBe(true);
    expect(sweep.sweepStaleRunsSoon({ now: t0 + 59_999, intervalMs: 60_000, defer })).toBe(false);
    expect(defer).toHaveBeenCalledTimes(1);
    expect(sweep.sweepStaleRunsSoon({ now: t0 + 60_000, intervalMs: 60_000, defer })).toBe(true);
    expect(defer).toHaveBeenCalledTimes(2);
    expect(sweep.sweepStaleRunsSoon({ now: t0 + 999_999, intervalMs: 0, defer })).toBe(false);
    expect(defer).toHaveBeenCalledTimes(2);

    const outsideRequest = () => {
      throw new Error("`after` was called outside a request scope");
    };
    expect(sweep.sweepStaleRunsSoon({ now: t0 + 200_000, intervalMs: 60_000, defer: outsideRequest })).toBe(false);
    // The slot was not used up: the next request in scope sweeps.
    expect(sweep.sweepStaleRunsSoon({ now: t0 + 200_001, intervalMs: 60_000, defer })).toBe(true);
    expect(defer).toHaveBeenCalledTimes(3);
  });
});

describe("sweepStaleRuns", () => {
  let captured: CapturedLog | undefined;
  afterAll(() => captured?.restore());

  it("resumes a dead run with attempts left and fails an exhausted one, in other writers' sessions, logging each transition", async () => {
    const resumable = await orphanedRun(1);
    const exhausted = await orphanedRun(2);
    captured = captureLog(log, "info");
    const outcome = await sweep.sweepStaleRuns();
    const lines = captured.lines();
    captured.restore();
    captured = undefined;

    expect(outcome.resumed).toBeGreaterThanOrEqual(1);
    expect(outcome.failed).toBeGreaterThanOrEqual(1);
    // Resumed runs are awaited by the sweep: the run is finished when it returns.
    const resumed = await db.run.findUniqueOrThrow({ where: { id: resumable.runId } });
    expect(resumed).toMatchObject({ status: "succeeded", attempts: 2 });
    expect((await db.session.findUniqueOrThrow({ where: { id: resumable.sessionId } })).status).toBe("idle");
    const failed = await db.run.findUniqueOrThrow({ where: { id: exhausted.runId } });
    expect(failed).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/server stopped.*retry/i) });
    expect((await db.session.findUniqueOrThrow({ where: { id: exhausted.sessionId } })).status).toBe("error");
    const errorEvents = await db.event.findMany({ where: { sessionId: exhausted.sessionId, type: "error" } });
    expect(errorEvents).toHaveLength(1);

    const runLines = (runId: string) => lines.filter((l) => l.event === "run" && l.runId === runId);
    expect(runLines(resumable.runId).map((l) => l.outcome)).toEqual(["resuming", "resumed", "succeeded"]);
    const finished = runLines(resumable.runId).at(-1);
    expect(finished).toMatchObject({
      sessionId: resumable.sessionId,
      action: "discover_topics",
      attempt: 2,
      model: "gpt-4.1-mini",
      tokensIn: resumed.tokensIn,
      tokensOut: resumed.tokensOut,
      modelCalls: 1,
    });
    expect(resumed.tokensIn).toBeGreaterThan(0);
    expect(typeof finished?.ms).toBe("number");
    expect(runLines(exhausted.runId)).toEqual([
      expect.objectContaining({ level: "warn", outcome: "failed_stale", sessionId: exhausted.sessionId, attempt: 2 }),
    ]);
    expect(lines.find((l) => l.event === "runs.sweep")).toMatchObject({ resumed: outcome.resumed, failed: outcome.failed });
    // Ids, counts and timings only: the run's parameters never reach the log.
    expect(JSON.stringify(lines)).not.toContain("marmalade");
  });

  it("finds nothing to do when no run is stale", async () => {
    await sweep.sweepStaleRuns();
    expect(await sweep.sweepStaleRuns()).toEqual({ resumed: 0, failed: 0 });
  });
});
