// Executes model-backed runs durably: a run is claimed with a lease and heartbeated while it works; its result
// is applied in one transaction only if the lease is still ours; a run whose process died (lease expired) is
// resumed or failed cleanly by whoever notices — the cron route or a read of its session.
import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { describeModelError, emptyUsage, type Usage } from "@/lib/ai/call";
import type { ModelFaultKind } from "@/lib/ai/faults";
import { estimateCostUsd } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { AGENTS, type ActionName } from "@/lib/genflow/actions";
import { DeltaBatcher } from "@/lib/genflow/delta-batcher";
import { LeaseLostError, type RunFence, recordEvent, transactWithEvents } from "@/lib/genflow/events";
import { toJsonColumn } from "@/lib/genflow/json-column";
import { emitRunSignal } from "@/lib/genflow/run-bus";
import { type ApplyMode, type ArticleOutcome, readApplyMode, readRunBase, settleArticleOutput } from "@/lib/genflow/run-article";
import { createCheckpointWriter, mayResume, readCheckpoint } from "@/lib/genflow/run-checkpoint";
import { logRunRecovery, traceRun } from "@/lib/genflow/run-trace";
import type { Stage } from "@/lib/genflow/stages";
import { insertVariant } from "@/lib/genflow/variants";
import { describeError, log } from "@/lib/log";

const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const leaseMs = () => env.GENFLOW_RUN_LEASE_SECONDS * 1000;
// A run whose model has shown no sign of life for this long is failed by whoever notices, whatever its
// heartbeat says (the heartbeat is a timer, not progress): three of the longest silences a call may have.
const watchdogMs = () => 3 * Math.max(env.GENFLOW_MODEL_TIMEOUT_SECONDS, env.GENFLOW_MODEL_IDLE_SECONDS) * 1000 + leaseMs();
const localRuns = new Map<string, AbortController>();

export type Schedule = (work: Promise<unknown>) => void;

/** Stops a run executing in this process at once (others notice at their next heartbeat). */
export function abortLocalRun(runId: string): void {
  localRuns.get(runId)?.abort(new AppError("conflict", "cancelled by the writer"));
}

function budgetGuard(session: { tokensIn: number; tokensOut: number }, usage: Usage) {
  return (estimated: number) => {
    const budget = env.GENFLOW_SESSION_TOKEN_BUDGET;
    if (!budget) return;
    const used = session.tokensIn + session.tokensOut + usage.inputTokens + usage.outputTokens;
    if (used + estimated > budget) {
      throw new AppError("budget_exceeded", `This session's token budget (${budget}) would be exceeded: ${used} used, about ${estimated} more needed`);
    }
  };
}

/** Never rejects: every outcome is written to the run, the session and the event log. */
export async function executeRun({ runId }: { runId: string }): Promise<void> {
  const now = new Date();
  const claimed = await db.run.updateMany({
    where: { id: runId, OR: [{ status: "queued" }, { status: "running", leaseExpiresAt: { lt: now } }] },
    data: {
      status: "running",
      leaseOwner: WORKER_ID,
      leaseExpiresAt: new Date(now.getTime() + leaseMs()),
      heartbeatAt: now,
      progressAt: now,
      attempts: { increment: 1 },
      startedAt: now,
    },
  });
  if (claimed.count === 0) return;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { session: { include: { article: true } } } });
  const { session } = run;
  const sessionId = session.id;
  const fence: RunFence = { runId, owner: WORKER_ID, attempt: run.attempts };
  // The article as the agent sees it: a text change it returns becomes a proposal against it.
  const base = await readRunBase({ run, fence });
  const runTrace = traceRun({ sessionId, runId, action: run.action, attempt: run.attempts });
  const abort = new AbortController();
  const stop = (reason: AppError) => abort.signal.aborted || abort.abort(reason);
  localRuns.set(runId, abort);
  // The run's total time, on a timer held here (not AbortSignal.timeout, which a GC can silence).
  const maxSeconds = env.GENFLOW_RUN_MAX_SECONDS;
  const deadline = setTimeout(
    () => stop(new AppError("model_error", `This action ran longer than ${maxSeconds} s and was stopped; please retry`)),
    maxSeconds * 1000,
  );
  let lastActivity = Date.now();
  const heartbeat = setInterval(() => {
    db.run
      .updateMany({
        where: { id: runId, leaseOwner: WORKER_ID, attempts: fence.attempt, status: "running" },
        data: { leaseExpiresAt: new Date(Date.now() + leaseMs()), heartbeatAt: new Date(), progressAt: new Date(lastActivity) },
      })
      .then(({ count }) => count === 0 && stop(new LeaseLostError()))
      .catch((error: unknown) => log.error({ event: "run", runId, error: describeError(error) }, "heartbeat failed"));
  }, leaseMs() / 3);
  const usage = emptyUsage();
  const faults: Partial<Record<ModelFaultKind, number>> = {};
  const onWriteError = (error: unknown) => {
    if (error instanceof LeaseLostError) stop(error);
    else log.warn({ event: "run", runId, error: describeError(error) }, "a progress update was not recorded");
  };
  const batcher = new DeltaBatcher(
    (data) => recordEvent(sessionId, { type: "draft.delta", data: { ...data, actionId: runId, attempt: fence.attempt } }, undefined, fence),
    stop,
  );
  const { stage } = run;
  let modelId: string | null = null;
  try {
    const agent = AGENTS[run.action];
    if (!agent) throw new AppError("unknown_action", `No agent for ${run.action}`);
    modelId = getStageModel(stage).modelId;
    // The action parses the stored parameters, stageData and context itself (lib/genflow/actions/define.ts).
    const output = await runTrace.within(() =>
      agent({
        stage,
        language: session.language,
        parameters: run.parameters,
        stageData: session.stageData,
        context: session.context,
        article: { id: session.article.id, ...base },
        call: {
          stage,
          signal: abort.signal,
          beforeCall: budgetGuard(session, usage),
          onUsage: (u) => {
            usage.inputTokens += u.inputTokens;
            usage.outputTokens += u.outputTokens;
            usage.calls += u.calls;
          },
          onFault: (kind) => {
            faults[kind] = (faults[kind] ?? 0) + 1;
          },
          onActivity: () => {
            lastActivity = Date.now();
          },
        },
        // Queued, not awaited: the model call need not wait for a progress write. The session's event queue
        // keeps it in order before the run's outcome; a fenced-out write stops the run.
        progress: async (progress, currentStep, estimatedSeconds) => {
          emitRunSignal(runId, { kind: "progress", progress, currentStep });
          const update = { progress, currentStep, estimatedTime: estimatedSeconds ?? null };
          void recordEvent(sessionId, { type: "progress.update", data: update }, update, fence).catch(onWriteError);
        },
        delta: (text) => {
          emitRunSignal(runId, { kind: "delta", text });
          batcher.push(text);
        },
        resume: readCheckpoint(run.checkpoint),
        checkpoint: createCheckpointWriter(fence, stop),
      }),
    );
    await batcher.flush();
    if (abort.signal.aborted) throw abort.signal.reason;
    await applyOutput({
      run: { id: runId, sessionId, action: run.action, stage },
      fence,
      modelId,
      usage,
      faults,
      output,
      base,
      apply: readApplyMode(run.parameters),
    });
  } catch (error) {
    await batcher.flush();
    const failure = error instanceof AppError ? error : describeModelError(error);
    runTrace.noteFailure(failure);
    if (!(failure instanceof LeaseLostError))
      await recordFailure({ runId, fence, sessionId, action: run.action, modelId, usage, faults, message: failure.message });
  } finally {
    batcher.close();
    clearTimeout(deadline);
    clearInterval(heartbeat);
    localRuns.delete(runId);
    // Listeners hear the outcome the database holds: succeeded, failed, or cancelled by the writer meanwhile.
    runTrace.end({ outcome: (await signalOutcome(runId)) ?? "taken_over", model: modelId, usage });
  }
}

async function signalOutcome(runId: string) {
  const final = await db.run.findUnique({ where: { id: runId }, select: { status: true, result: true, errorMessage: true } }).catch(() => null);
  if (!final || final.status === "running" || final.status === "queued") return undefined; // taken over by another process
  emitRunSignal(runId, { kind: "done", status: final.status, result: final.result ?? undefined, error: final.errorMessage ?? undefined });
  return final.status;
}

type Faults = Partial<Record<ModelFaultKind, number>>;

async function applyOutput({
  run,
  fence,
  modelId,
  usage,
  faults,
  output,
  base,
  apply,
}: {
  run: { id: string; sessionId: string; action: string; stage: Stage };
  fence: RunFence;
  modelId: string;
  usage: Usage;
  faults: Faults;
  output: Awaited<ReturnType<NonNullable<(typeof AGENTS)[ActionName]>>>;
  base: { version: number; title: string; content: string };
  apply: ApplyMode;
}) {
  const { id: runId, sessionId } = run;
  const costUsd = estimateCostUsd({ model: modelId, ...usage });
  return transactWithEvents(sessionId, async (tx, emit) => {
    const finished = await tx.run.updateMany({
      where: { id: runId, leaseOwner: fence.owner, attempts: fence.attempt, status: "running" },
      data: {
        status: "succeeded",
        progress: 100,
        result: toJsonColumn(output.result),
        finishedAt: new Date(),
        tokensIn: usage.inputTokens,
        tokensOut: usage.outputTokens,
        costUsd,
        model: modelId,
        faults,
      },
    });
    // Cancelled or taken over meanwhile: its output is discarded, nothing is half-applied.
    if (finished.count === 0) return false;
    const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { articleId: true } });
    if (output.stageData) {
      const value = toJsonColumn(output.stageData);
      await tx.article.update({ where: { id: session.articleId }, data: { stageData: value } });
      await tx.session.update({ where: { id: sessionId }, data: { stageData: value } });
    }
    // A platform variant (apply_style) goes beside the article; the article itself is not touched.
    if (output.variant) await insertVariant(tx, { ...output.variant, articleId: session.articleId, model: modelId });
    // A text change is a proposal (or a first draft written directly); the result names what became of it.
    const outcome: ArticleOutcome = output.article
      ? await settleArticleOutput({ tx, emit, run, articleId: session.articleId, model: modelId, base, output: output.article, apply })
      : { proposalId: null, version: null };
    const result = output.article ? { ...output.result, ...outcome } : output.result;
    if (output.article) await tx.run.update({ where: { id: runId }, data: { result: toJsonColumn(result) } });
    await tx.session.update({
      where: { id: sessionId },
      data: {
        status: "idle",
        progress: 100,
        currentStep: output.currentStep,
        estimatedTime: null,
        errorMessage: null,
        tokensIn: { increment: usage.inputTokens },
        tokensOut: { increment: usage.outputTokens },
        costUsd: { increment: costUsd },
      },
    });
    for (const event of output.events) await emit(event);
    await emit({
      type: "action.completed",
      data: { actionId: runId, status: "succeeded", result, ...outcome, usage: { ...usage, costUsd } },
    });
    await emit({ type: "progress.update", data: { progress: 100, currentStep: output.currentStep, status: "idle" } });
    return true;
  });
}

async function recordFailure({
  runId,
  fence,
  sessionId,
  action,
  modelId,
  usage,
  faults,
  message,
}: {
  runId: string;
  fence: RunFence;
  sessionId: string;
  action: string;
  modelId: string | null;
  usage: Usage;
  faults: Faults;
  message: string;
}) {
  const costUsd = modelId ? estimateCostUsd({ model: modelId, ...usage }) : 0;
  try {
    await transactWithEvents(sessionId, async (tx, emit) => {
      const failed = await tx.run.updateMany({
        where: { id: runId, leaseOwner: fence.owner, attempts: fence.attempt, status: "running" },
        data: {
          status: "failed",
          errorMessage: message,
          finishedAt: new Date(),
          tokensIn: usage.inputTokens,
          tokensOut: usage.outputTokens,
          costUsd,
          model: modelId,
          faults,
        },
      });
      if (failed.count === 0) return;
      await tx.session.update({
        where: { id: sessionId },
        data: {
          status: "error",
          errorMessage: message,
          currentStep: null,
          estimatedTime: null,
          tokensIn: { increment: usage.inputTokens },
          tokensOut: { increment: usage.outputTokens },
          costUsd: { increment: costUsd },
        },
      });
      await emit({ type: "error", data: { actionId: runId, action, message, retryable: true } });
    });
  } catch (error) {
    log.error({ event: "run", runId, sessionId, error: describeError(error) }, "could not record a failed run");
  }
}

/**
 * Runs whose lease expired (their process died) or that were queued but never started: resumed when they
 * have attempts left, failed with a clear message otherwise. Runs whose model showed no sign of life for
 * the watchdog's time are failed, whatever their heartbeat says. Returns how many were handled.
 */
export async function recoverStaleRuns({
  sessionId,
  sessionIds,
  schedule,
}: {
  sessionId?: string;
  sessionIds?: string[];
  schedule: Schedule;
}): Promise<{ resumed: number; failed: number }> {
  const now = new Date();
  const silentSince = new Date(now.getTime() - watchdogMs());
  const stale = await db.run.findMany({
    where: {
      ...(sessionId ? { sessionId } : {}),
      ...(sessionIds ? { sessionId: { in: sessionIds } } : {}),
      OR: [
        { status: "running", leaseExpiresAt: { lt: now } },
        { status: "running", progressAt: { lt: silentSince } },
        { status: "queued", createdAt: { lt: new Date(now.getTime() - leaseMs()) } },
      ],
    },
    select: { id: true, sessionId: true, action: true, attempts: true, status: true, leaseExpiresAt: true, checkpoint: true },
    take: 100,
  });
  let resumed = 0;
  let failed = 0;
  for (const run of stale) {
    const dead = run.status === "queued" || (run.leaseExpiresAt !== null && run.leaseExpiresAt < now);
    if (dead && mayResume(run)) {
      resumed++;
      logRunRecovery({ sessionId: run.sessionId, runId: run.id, action: run.action, attempts: run.attempts, outcome: "resuming" });
      schedule(executeRun({ runId: run.id }));
      continue;
    }
    const message = dead
      ? "The server stopped while this action was running; please retry"
      : `The action showed no progress for ${Math.round(watchdogMs() / 1000)} s and was stopped; please retry`;
    // The same conditions again, in the update: a run that came back to life meanwhile is left alone.
    const where: Prisma.RunWhereInput = dead
      ? { id: run.id, status: { in: ["running", "queued"] }, OR: [{ leaseExpiresAt: { lt: now } }, { leaseExpiresAt: null }] }
      : { id: run.id, status: "running", progressAt: { lt: silentSince } };
    if (await failRun({ run, where, message, at: now })) {
      failed++;
      logRunRecovery({ sessionId: run.sessionId, runId: run.id, action: run.action, attempts: run.attempts, outcome: "failed" });
    }
  }
  return { resumed, failed };
}

/** Fails a run and frees its session (one transaction); the run's owner, if alive, is fenced out by it. */
async function failRun({
  run,
  where,
  message,
  at,
}: {
  run: { id: string; sessionId: string; action: string };
  where: Prisma.RunWhereInput;
  message: string;
  at: Date;
}) {
  return transactWithEvents(run.sessionId, async (tx, emit) => {
    const { count } = await tx.run.updateMany({ where, data: { status: "failed", errorMessage: message, finishedAt: at } });
    if (count === 0) return false;
    await tx.session.update({ where: { id: run.sessionId }, data: { status: "error", errorMessage: message, currentStep: null, estimatedTime: null } });
    await emit({ type: "error", data: { actionId: run.id, action: run.action, message, retryable: true } });
    return true;
  });
}
