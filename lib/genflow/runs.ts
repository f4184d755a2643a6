// Actions as runs. Each request becomes a Run row; the session is claimed by a conditional update so only
// one action runs per session at a time, whatever the number of callers or server processes.
import "server-only";
import { z } from "zod";
import { getStageModel } from "@/lib/ai/providers";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { type ActionName, executeStateAction } from "@/lib/genflow/actions";
import { parseParameters } from "@/lib/genflow/actions/define";
import { transactWithEvents } from "@/lib/genflow/events";
import { toJsonColumn } from "@/lib/genflow/json-column";
import type { RunResponse } from "@/lib/genflow/responses";
import { abortLocalRun, executeRun, recoverStaleRuns, type Schedule } from "@/lib/genflow/run-executor";
import { getSessionOrThrow } from "@/lib/genflow/sessions";
import { sendPublishWebhook } from "@/lib/genflow/publish-webhook";
import { readSessionContext } from "@/lib/genflow/session-context";
import { resolveAction } from "@/lib/genflow/state-machine";

type SessionRow = Awaited<ReturnType<typeof getSessionOrThrow>>;

// A stored run's parameters (validated by its action when it started); anything else reads as none.
const storedParameters = z.record(z.string(), z.unknown()).catch({});

export interface ActionRequest {
  action: string;
  parameters: Record<string, unknown>;
  idempotencyKey?: string;
}

const runView = {
  id: true,
  action: true,
  stage: true,
  status: true,
  progress: true,
  result: true,
  errorMessage: true,
  tokensIn: true,
  tokensOut: true,
  costUsd: true,
  model: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

function toRunView(run: Prisma.RunGetPayload<{ select: typeof runView }>): RunResponse {
  const { id, tokensIn, tokensOut, costUsd, createdAt, startedAt, finishedAt, ...rest } = run;
  return {
    actionId: id,
    ...rest,
    createdAt: createdAt.toISOString(),
    startedAt: startedAt?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
    usage: { tokensIn, tokensOut, costUsd },
  };
}

/**
 * Starts an action. State actions (approve, go_to_stage, …) complete inside the claiming transaction;
 * model-backed ones leave a queued run for `executeRun`, which the caller schedules after responding.
 */
export async function startAction({ sessionId, userId, request, schedule }: { sessionId: string; userId: string; request: ActionRequest; schedule: Schedule }) {
  const session = await getLiveSessionOrThrow({ id: sessionId, userId, schedule });
  if (request.idempotencyKey) {
    const previous = await findByIdempotencyKey(sessionId, request.idempotencyKey);
    if (previous) return { replayed: true, run: previous };
  }
  const definition = resolveAction({ stage: session.stage, status: session.status, action: request.action });
  const parameters = parseParameters<z.ZodType<Record<string, unknown>>>(definition, request.parameters);
  if (definition.usesModel) {
    const { modelId } = getStageModel(session.stage);
    const budget = env.GENFLOW_SESSION_TOKEN_BUDGET;
    if (budget && session.tokensIn + session.tokensOut >= budget) {
      throw new AppError("budget_exceeded", `This session has used its token budget (${budget} tokens); start a new session or raise GENFLOW_SESSION_TOKEN_BUDGET`);
    }
    const feedback = typeof request.parameters.feedback === "string" ? { feedback: request.parameters.feedback } : {};
    const run = await claimAndRecord({ session, request, action: definition.name, parameters: { ...parameters, ...feedback }, model: modelId });
    schedule(executeRun({ runId: run.actionId }));
    return { replayed: false, run };
  }
  const run = await claimAndRecord({ session, request, action: definition.name, parameters, model: null });
  const webhookUrl = readSessionContext(session.context).publishWebhookUrl;
  if (definition.name === "complete" && webhookUrl) schedule(deliverPublishWebhook({ session, url: webhookUrl }));
  return { replayed: false, run };
}

/** Sends the final article to the session's webhook and notes the outcome as a session message. */
async function deliverPublishWebhook({ session, url }: { session: SessionRow; url: string }) {
  const article = await db.article.findUniqueOrThrow({ where: { id: session.articleId }, select: { id: true, title: true, language: true, content: true, version: true } });
  const outcome = await sendPublishWebhook({ url, payload: { event: "article.published", sessionId: session.id, article, publishedAt: new Date().toISOString() } });
  const content = outcome.ok ? `Publish webhook delivered (HTTP ${outcome.status})` : `Publish webhook failed: ${outcome.error ?? `HTTP ${outcome.status}`}`;
  await db.message.create({ data: { sessionId: session.id, role: "system", content } });
}

async function findByIdempotencyKey(sessionId: string, idempotencyKey: string) {
  const previous = await db.run.findUnique({ where: { sessionId_idempotencyKey: { sessionId, idempotencyKey } }, select: runView });
  return previous ? toRunView(previous) : null;
}

async function claimAndRecord({
  session,
  request,
  action,
  parameters,
  model,
}: { session: SessionRow; request: ActionRequest; action: ActionName; parameters: Record<string, unknown>; model: string | null }) {
  const sessionId = session.id;
  try {
    const run = await transactWithEvents(sessionId, async (tx, emit) => {
      // The claim: only a caller that sees the session idle (or in error) at this stage proceeds.
      const claimed = await tx.session.updateMany({
        where: { id: sessionId, stage: session.stage, status: { in: ["idle", "error"] } },
        data: { status: "processing", errorMessage: null, progress: 0, currentStep: model ? "queued" : action },
      });
      if (claimed.count === 0) throw new AppError("session_busy", "Another action is running or just changed this session; reload and retry");
      const created = await tx.run.create({
        data: { sessionId, action, stage: session.stage, parameters: toJsonColumn(parameters), idempotencyKey: request.idempotencyKey, status: model ? "queued" : "running", startedAt: model ? null : new Date(), model },
        select: { id: true },
      });
      await emit({ type: "stage.change", data: { stage: session.stage, status: "processing", progress: 0, currentStep: action, actionId: created.id } });
      if (model) return tx.run.findUniqueOrThrow({ where: { id: created.id }, select: runView });
      const outcome = await executeStateAction({ tx, emit, session, action, parameters });
      await tx.session.update({
        where: { id: sessionId },
        data: { status: "idle", progress: outcome.progress ?? 100, currentStep: outcome.currentStep ?? null },
      });
      await emit({ type: "action.completed", data: { actionId: created.id, action, status: "succeeded", result: outcome.result } });
      return tx.run.update({
        where: { id: created.id },
        data: { status: "succeeded", progress: 100, result: toJsonColumn(outcome.result), finishedAt: new Date() },
        select: runView,
      });
    });
    return toRunView(run);
  } catch (error) {
    // Two requests with one idempotency key: the loser answers with the winner's run.
    if ((error as { code?: string }).code === "P2002" && request.idempotencyKey) {
      const previous = await findByIdempotencyKey(sessionId, request.idempotencyKey);
      if (previous) return previous;
    }
    throw error;
  }
}

/** The session, after any run of it whose process died has been resumed or failed. */
export async function getLiveSessionOrThrow({ id, userId, schedule }: { id: string; userId: string; schedule: Schedule }) {
  const row = await getSessionOrThrow({ id, userId });
  if (row.status !== "processing") return row;
  const { failed } = await recoverStaleRuns({ sessionId: id, schedule });
  return failed > 0 ? getSessionOrThrow({ id, userId }) : row;
}

export async function getRunOrThrow({ sessionId, actionId, userId }: { sessionId: string; actionId: string; userId: string }) {
  const run = await db.run.findFirst({ where: { id: actionId, sessionId, session: { userId } }, select: runView });
  if (!run) throw notFound("Action");
  return toRunView(run);
}

export async function cancelRun({ sessionId, actionId, userId }: { sessionId: string; actionId: string; userId: string }) {
  const run = await getRunOrThrow({ sessionId, actionId, userId });
  if (run.status !== "running" && run.status !== "queued") {
    throw new AppError("conflict", `The action has already ended (${run.status})`);
  }
  await transactWithEvents(sessionId, async (tx, emit) => {
    const { count } = await tx.run.updateMany({
      where: { id: actionId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", finishedAt: new Date(), errorMessage: "cancelled by the writer" },
    });
    if (count === 0) throw new AppError("conflict", "The action has already ended");
    await tx.session.updateMany({ where: { id: sessionId, status: "processing" }, data: { status: "idle", currentStep: null, estimatedTime: null } });
    await emit({ type: "action.completed", data: { actionId, action: run.action, status: "cancelled" } });
  });
  abortLocalRun(actionId);
  return getRunOrThrow({ sessionId, actionId, userId });
}

/** `feedback`: runs the stage's last model action again with the writer's comment. */
export async function rerunWithFeedback({ sessionId, userId, comment, schedule }: { sessionId: string; userId: string; comment: string; schedule: Schedule }) {
  const session = await getLiveSessionOrThrow({ id: sessionId, userId, schedule });
  const last = await db.run.findFirst({
    where: { sessionId, stage: session.stage, model: { not: null }, status: { in: ["succeeded", "failed"] } },
    orderBy: { createdAt: "desc" },
    select: { action: true, parameters: true },
  });
  if (!last) throw new AppError("wrong_stage", "There is no AI result at this stage to give feedback on yet");
  const parameters = { ...storedParameters.parse(last.parameters), feedback: comment };
  return startAction({ sessionId, userId, request: { action: last.action, parameters }, schedule });
}
