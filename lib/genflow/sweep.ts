// Recovers runs whose process died without a frequent cron (Vercel's free plan runs cron jobs once a day):
// any API request may start a sweep of stale runs across all sessions, at most once per interval
// (GENFLOW_RUN_SWEEP_SECONDS, default 60) per server instance. The sweep runs after the response (`after`,
// waitUntil on Vercel), so the request that triggers it does not wait. A dead run is then resumed or failed
// within its lease plus one interval as long as anyone uses the app; reading its session still recovers it at
// once. Concurrent sweeps on several instances are safe: every claim is a conditional update.
import "server-only";
import { after } from "next/server";
import { env } from "@/lib/env";
import { recoverStaleRuns } from "@/lib/genflow/run-executor";
import { currentRequestId, describeError, log, withRequestContext } from "@/lib/log";

/** Work that must outlive the response: `after` inside a request. */
export type Defer = (task: () => Promise<unknown>) => void;

let lastSweepAt = Number.NEGATIVE_INFINITY;

/**
 * Starts a sweep after this response unless this instance swept less than an interval ago (or sweeping is off:
 * GENFLOW_RUN_SWEEP_SECONDS=0). Never throws and never delays the caller. Returns whether a sweep was started.
 */
export function sweepStaleRunsSoon({
  now = Date.now(),
  intervalMs = env.GENFLOW_RUN_SWEEP_SECONDS * 1000,
  defer = after,
}: {
  now?: number;
  intervalMs?: number;
  defer?: Defer;
} = {}): boolean {
  if (intervalMs <= 0 || now - lastSweepAt < intervalMs) return false;
  const previous = lastSweepAt;
  lastSweepAt = now;
  // The sweep's log lines carry the id of the request that started it, but not its user: the runs it
  // recovers belong to other writers.
  const requestId = currentRequestId();
  try {
    defer(() => (requestId ? withRequestContext({ requestId }, sweepStaleRuns) : sweepStaleRuns()));
    return true;
  } catch (error) {
    // Outside a request (a script, a unit test) there is no `after`: leave the slot for a real request.
    lastSweepAt = previous;
    log.debug({ event: "runs.sweep", error: describeError(error) }, "stale-run sweep not scheduled");
    return false;
  }
}

/**
 * One sweep: stale runs of every session resumed (attempts left) or failed cleanly. Resumed runs are awaited
 * here, so on a serverless platform the invocation lives on for them as long as its duration limit allows;
 * past it, their lease expires and the next sweep or read takes over.
 */
export async function sweepStaleRuns(): Promise<{ resumed: number; failed: number }> {
  const started = performance.now();
  const resumedRuns: Promise<unknown>[] = [];
  try {
    const outcome = await recoverStaleRuns({ schedule: (work) => resumedRuns.push(work) });
    const ms = Math.round(performance.now() - started);
    if (outcome.resumed || outcome.failed) log.info({ event: "runs.sweep", ...outcome, ms }, "stale runs recovered");
    else log.debug({ event: "runs.sweep", ...outcome, ms }, "no stale runs");
    await Promise.allSettled(resumedRuns);
    return outcome;
  } catch (error) {
    log.error({ event: "runs.sweep", error: describeError(error) }, "stale-run sweep failed");
    return { resumed: 0, failed: 0 };
  }
}
