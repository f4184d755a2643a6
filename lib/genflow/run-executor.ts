// Executes model-backed runs durably: a run is claimed with a lease and heartbeated while it works; its result
// is applied in one transaction only if the lease is still ours; a run whose process died (lease expired) is
// resumed or failed cleanly by whoever notices — the cron route or a read of its session.
import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { describeModelError, emptyUsage, type Usage } from "@/lib/ai/call";
import { estimateCostUsd } from "@/lib/ai/pricing";
import { getStageModel } from "@/lib/ai/providers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { AGENTS, type ActionName } from "@/lib/genflow/actions";
import { DeltaBatcher } from "@/lib/genflow/delta-batcher";
import { recordEvent, transactWithEvents } from "@/lib/genflow/events";
import { toJsonColumn } from "@/lib/genflow/json-column";
import { emitRunSignal } from "@/lib/genflow/run-bus";
import type { Stage } from "@/lib/genflow/stages";

const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const MAX_ATTEMPTS = 2;
const leaseMs = () => env.GENFLOW_RUN_LEASE_SECONDS * 1000;
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
    data: { status: "running", leaseOwner: WORKER_ID, leaseExpiresAt: new Date(now.getTime() + leaseMs()), heartbeatAt: now, attempts: { increment: 1 }, startedAt: now },
  });
  if (claimed.count === 0) return;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { session: { include: { article: true } } } });
  const { session } = run;
  const sessionId = session.id;
  const abort = new AbortController();
  localRuns.set(runId, abort);
  const heartbeat = setInterval(() => {
    db.run
      .updateMany({ where: { id: runId, leaseOwner: WORKER_ID, status: "running" }, data: { leaseExpiresAt: new Date(Date.now() + leaseMs()), heartbeatAt: new Date() } })
      .then(({ count }) => count === 0 && abort.abort(new AppError("conflict", "the run was cancelled or taken over")))
      .catch((error: unknown) => console.error("[genflow] heartbeat failed", error));
  }, leaseMs() / 3);
  const usage = emptyUsage();
  const batcher = new DeltaBatcher((type, data) => recordEvent(sessionId, { type, data }));
  const { stage } = run;
  let modelId: string | null = null;
  try {
    const agent = AGENTS[run.action];
    if (!agent) throw new AppError("unknown_action", `No agent for ${run.action}`);
    modelId = getStageModel(stage).modelId;
    // The action parses the stored parameters, stageData and context itself (lib/genflow/actions/define.ts).
    const output = await agent({
      stage,
      language: session.language,
      parameters: run.parameters,
      stageData: session.stageData,
      context: session.context,
      article: { id: session.article.id, title: session.article.title, content: session.article.content, version: session.article.version },
      call: {
        stage,
        signal: abort.signal,
        beforeCall: budgetGuard(session, usage),
        onUsage: (u) => {
          usage.inputTokens += u.inputTokens;
          usage.outputTokens += u.outputTokens;
          usage.calls += u.calls;
        },
      },
      // Queued, not awaited: the model call need not wait for a progress write. The session's event queue
      // keeps it in order before the run's outcome, and a failed one is only logged (the outcome is what counts).
      progress: async (progress, currentStep, estimatedSeconds) => {
        emitRunSignal(runId, { kind: "progress", progress, currentStep });
        const update = { progress, currentStep, estimatedTime: estimatedSeconds ?? null };
        void recordEvent(sessionId, { type: "progress.update", data: update }, update).catch((error: unknown) => console.error("[genflow] a progress update was not recorded:", (error as Error).message));
      },
      delta: (text) => {
        emitRunSignal(runId, { kind: "delta", text });
        batcher.push(text);
      },
    });
    await batcher.flush();
    await applyOutput({ runId, sessionId, stage, modelId, usage, output });
  } catch (error) {
    await batcher.flush().catch(() => {});
    const failure = error instanceof AppError ? error : describeModelError(error);
    await recordFailure({ runId, sessionId, action: run.action, modelId, usage, message: failure.message });
  } finally {
    // Listeners hear the outcome the database holds: succeeded, failed, or cancelled by the writer meanwhile.
    await signalOutcome(runId);
    clearInterval(heartbeat);
    localRuns.delete(runId);
  }
}

async function signalOutcome(runId: string) {
  const final = await db.run.findUnique({ where: { id: runId }, select: { status: true, result: true, errorMessage: true } }).catch(() => null);
  if (!final || final.status === "running" || final.status === "queued") return; // taken over by another process
  emitRunSignal(runId, { kind: "done", status: final.status, result: final.result ?? undefined, error: final.errorMessage ?? undefined });
}

async function applyOutput({
  runId,
  sessionId,
  stage,
  modelId,
  usage,
  output,
}: { runId: string; sessionId: string; stage: Stage; modelId: string; usage: Usage; output: Awaited<ReturnType<NonNullable<(typeof AGENTS)[ActionName]>>> }) {
  const costUsd = estimateCostUsd({ model: modelId, ...usage });
  return transactWithEvents(sessionId, async (tx, emit) => {
    const finished = await tx.run.updateMany({
      where: { id: runId, leaseOwner: WORKER_ID, status: "running" },
      data: { status: "succeeded", progress: 100, result: toJsonColumn(output.result), finishedAt: new Date(), tokensIn: usage.inputTokens, tokensOut: usage.outputTokens, costUsd, model: modelId },
    });
    // Cancelled or taken over meanwhile: its output is discarded, nothing is half-applied.
    if (finished.count === 0) return false;
    const session = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { articleId: true } });
    if (output.stageData) {
      const value = toJsonColumn(output.stageData);
      await tx.article.update({ where: { id: session.articleId }, data: { stageData: value } });
      await tx.session.update({ where: { id: sessionId }, data: { stageData: value } });
    }
    let version: number | undefined;
    if (output.article) {
      const article = await tx.article.update({
        where: { id: session.articleId },
        data: { content: output.article.content, ...(output.article.title ? { title: output.article.title } : {}), version: { increment: 1 } },
      });
      version = article.version;
      await tx.articleRevision.create({
        data: { articleId: article.id, version: article.version, title: article.title, content: article.content, source: "stage", stage, model: modelId, note: output.article.note },
      });
    }
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
    await emit({ type: "action.completed", data: { actionId: runId, status: "succeeded", result: output.result, version: version ?? null, usage: { ...usage, costUsd } } });
    await emit({ type: "progress.update", data: { progress: 100, currentStep: output.currentStep, status: "idle" } });
    return true;
  });
}

async function recordFailure({ runId, sessionId, action, modelId, usage, message }: { runId: string; sessionId: string; action: string; modelId: string | null; usage: Usage; message: string }) {
  const costUsd = modelId ? estimateCostUsd({ model: modelId, ...usage }) : 0;
  try {
    await transactWithEvents(sessionId, async (tx, emit) => {
      const failed = await tx.run.updateMany({
        where: { id: runId, leaseOwner: WORKER_ID, status: "running" },
        data: { status: "failed", errorMessage: message, finishedAt: new Date(), tokensIn: usage.inputTokens, tokensOut: usage.outputTokens, costUsd, model: modelId },
      });
      if (failed.count === 0) return;
      await tx.session.update({
        where: { id: sessionId },
        data: { status: "error", errorMessage: message, currentStep: null, estimatedTime: null, tokensIn: { increment: usage.inputTokens }, tokensOut: { increment: usage.outputTokens }, costUsd: { increment: costUsd } },
      });
      await emit({ type: "error", data: { actionId: runId, action, message, retryable: true } });
    });
  } catch (error) {
    console.error("[genflow] could not record a failed run", runId, error);
  }
}

/**
 * Runs whose lease expired (their process died) or that were queued but never started: resumed when they
 * have attempts left, failed with a clear message otherwise. Returns how many were handled.
 */
export async function recoverStaleRuns({ sessionId, schedule }: { sessionId?: string; schedule: Schedule }): Promise<{ resumed: number; failed: number }> {
  const now = new Date();
  const stale = await db.run.findMany({
    where: {
      ...(sessionId ? { sessionId } : {}),
      OR: [{ status: "running", leaseExpiresAt: { lt: now } }, { status: "queued", createdAt: { lt: new Date(now.getTime() - leaseMs()) } }],
    },
    select: { id: true, sessionId: true, action: true, attempts: true },
    take: 100,
  });
  let resumed = 0;
  let failed = 0;
  for (const run of stale) {
    if (run.attempts < MAX_ATTEMPTS) {
      resumed++;
      schedule(executeRun({ runId: run.id }));
      continue;
    }
    const message = "The server stopped while this action was running; please retry";
    await transactWithEvents(run.sessionId, async (tx, emit) => {
      const { count } = await tx.run.updateMany({
        where: { id: run.id, status: { in: ["running", "queued"] }, OR: [{ leaseExpiresAt: { lt: now } }, { leaseExpiresAt: null }] },
        data: { status: "failed", errorMessage: message, finishedAt: now },
      });
      if (count === 0) return;
      failed++;
      await tx.session.update({ where: { id: run.sessionId }, data: { status: "error", errorMessage: message, currentStep: null } });
      await emit({ type: "error", data: { actionId: run.id, action: run.action, message, retryable: true } });
    });
  }
  return { resumed, failed };
}
