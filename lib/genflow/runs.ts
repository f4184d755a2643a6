// Actions as runs. Each request becomes a Run row; the session is claimed by a conditional update so only
// one action runs per session at a time, whatever the number of callers or server processes.
import "server-only";
import { z } from "zod";
import { getStageModel } from "@/lib/ai/providers";
import { type SessionProgress, sessionProgressSelect } from "@/lib/genflow/action-accepted";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { type Action, type ActionName, executeStateAction, withSessionDefaults } from "@/lib/genflow/actions";
import { parseParameters } from "@/lib/genflow/actions/define";
import { transactWithEvents } from "@/lib/genflow/events";
import { toJsonColumn } from "@/lib/genflow/json-column";
import type { RunResponse } from "@/lib/genflow/responses";
import { type ApplyMode, readApplyMode } from "@/lib/genflow/run-article";
import { abortLocalRun, executeRun, recoverStaleRuns, type Schedule } from "@/lib/genflow/run-executor";
import { recordWriterMessage } from "@/lib/genflow/messages";
import { getSessionOrThrow, listSessions } from "@/lib/genflow/sessions";
import type { Locale } from "@/lib/genflow/stages";
import { resolveAction } from "@/lib/genflow/state-machine";
import { deliverDueWebhooks } from "@/lib/genflow/webhooks/outbox";

type SessionRow = Awaited<ReturnType<typeof getSessionOrThrow>>;

// A stored run's parameters (validated by its action when it started); anything else reads as none.
const storedParameters = z.record(z.string(), z.unknown()).catch({});

export interface ActionRequest {
  action: string;
  parameters: Record<string, unknown>;
  idempotencyKey?: string;
  /** A text change the action makes: a proposal to review (default) or merged at once (see run-article.ts). */
  apply?: ApplyMode;
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
  faults: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

function readFaults(value: Prisma.JsonValue): Record<string, number> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
}

function toRunView(run: Prisma.RunGetPayload<{ select: typeof runView }>): RunResponse {
  const { id, tokensIn, tokensOut, costUsd, faults, createdAt, startedAt, finishedAt, ...rest } = run;
  return {
    actionId: id,
    ...rest,
    createdAt: createdAt.toISOString(),
    startedAt: startedAt?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
    usage: { tokensIn, tokensOut, costUsd },
    faults: readFaults(faults),
  };
}

/** `progress`: the session as the claim left it, when this call made the run (a replay has none: it is read). */
export type StartedAction = { replayed: boolean; run: RunResponse; progress?: SessionProgress };

/**
 * Starts an action. State actions (approve, go_to_stage, …) complete inside the claiming transaction;
 * model-backed ones leave a queued run for `executeRun`, which the caller schedules after responding.
 */
export async function startAction({
  sessionId,
  userId,
  request,
  schedule,
}: {
  sessionId: string;
  userId: string;
  request: ActionRequest;
  schedule: Schedule;
}): Promise<StartedAction> {
  const session = await getLiveSessionOrThrow({ id: sessionId, userId, schedule });
  const key = request.idempotencyKey;
  if (key) {
    const previous = await findByIdempotencyKey(sessionId, key);
    if (previous) return { replayed: true, run: previous };
  }
  if (request.action === "retry") return retryFailedAction({ session, userId, request, schedule });
  try {
    return await claimAction({ session, request, schedule });
  } catch (error) {
    // Concurrent requests with one key: whatever stopped this one (the session already claimed, the stage
    // already moved on, the key already taken), the run the winner created under the key is the answer.
    if (key && (error instanceof AppError || isUniqueViolation(error))) {
      const winner = await findByIdempotencyKey(sessionId, key);
      if (winner) return { replayed: true, run: winner };
    }
    throw error;
  }
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

async function claimAction({ session, request, schedule }: { session: SessionRow; request: ActionRequest; schedule: Schedule }): Promise<StartedAction> {
  const definition: Action = resolveAction({ stage: session.stage, status: session.status, action: request.action });
  const parameters = parseParameters<z.ZodType<Record<string, unknown>>>(
    definition,
    withSessionDefaults({ action: definition, parameters: request.parameters, language: session.language }),
  );
  if (definition.usesModel) {
    const { modelId } = getStageModel(session.stage);
    const budget = env.GENFLOW_SESSION_TOKEN_BUDGET;
    if (budget && session.tokensIn + session.tokensOut >= budget) {
      throw new AppError(
        "budget_exceeded",
        `This session has used its token budget (${budget} tokens); start a new session or raise GENFLOW_SESSION_TOKEN_BUDGET`,
      );
    }
    if (definition.precheck) {
      const article = await db.article.findUniqueOrThrow({ where: { id: session.articleId }, select: { id: true, content: true } });
      await definition.check({ parameters, stageData: session.stageData, article });
    }
    const feedback = typeof request.parameters.feedback === "string" ? { feedback: request.parameters.feedback } : {};
    // Kept beside the parameters (the action's schema drops it when the run parses them): the executor reads it.
    const apply = request.apply === "auto" ? { apply: "auto" } : {};
    const claimed = await claimAndRecord({ session, request, action: definition.name, parameters: { ...parameters, ...feedback, ...apply }, model: modelId });
    schedule(executeRun({ runId: claimed.run.actionId }));
    return { replayed: false, ...claimed };
  }
  const done = await claimAndRecord({ session, request, action: definition.name, parameters, model: null });
  // `complete` enqueued its webhooks (article.published, session.completed) in its transaction: send them.
  if (definition.name === "complete") schedule(deliverDueWebhooks());
  return { replayed: false, ...done };
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
}: {
  session: SessionRow;
  request: ActionRequest;
  action: ActionName;
  parameters: Record<string, unknown>;
  model: string | null;
}) {
  const sessionId = session.id;
  return transactWithEvents(sessionId, async (tx, emit) => {
    // The claim: only a caller that sees the session idle (or in error) at this stage proceeds.
    const claimed = await tx.session.updateMany({
      where: { id: sessionId, stage: session.stage, status: { in: ["idle", "error"] } },
      data: { status: "processing", errorMessage: null, progress: 0, currentStep: model ? "queued" : action },
    });
    if (claimed.count === 0) throw new AppError("session_busy", "Another action is running or just changed this session; reload and retry");
    const created = await tx.run.create({
      data: {
        sessionId,
        action,
        stage: session.stage,
        parameters: toJsonColumn(parameters),
        idempotencyKey: request.idempotencyKey,
        status: model ? "queued" : "running",
        startedAt: model ? null : new Date(),
        model,
      },
      select: runView,
    });
    await emit({ type: "stage.change", data: { stage: session.stage, status: "processing", progress: 0, currentStep: action, actionId: created.id } });
    if (model) {
      // What the claim above wrote: the answer's snapshot (the run, started next, moves the session on).
      const progress = { stage: session.stage, status: "processing", progress: 0, currentStep: "queued", estimatedTime: session.estimatedTime } as const;
      return { run: toRunView(created), progress };
    }
    const outcome = await executeStateAction({ tx, emit, session, action, parameters });
    const progress = await tx.session.update({
      where: { id: sessionId },
      data: { status: "idle", progress: outcome.progress ?? 100, currentStep: outcome.currentStep ?? null },
      select: sessionProgressSelect,
    });
    await emit({ type: "action.completed", data: { actionId: created.id, action, status: "succeeded", result: outcome.result } });
    const run = await tx.run.update({
      where: { id: created.id },
      data: { status: "succeeded", progress: 100, result: toJsonColumn(outcome.result), finishedAt: new Date() },
      select: runView,
    });
    return { run: toRunView(run), progress };
  });
}

/** The session, after any run of it whose process died has been resumed or failed. */
export async function getLiveSessionOrThrow({ id, userId, schedule }: { id: string; userId: string; schedule: Schedule }) {
  const row = await getSessionOrThrow({ id, userId });
  if (row.status !== "processing") return row;
  const { failed } = await recoverStaleRuns({ sessionId: id, schedule });
  return failed > 0 ? getSessionOrThrow({ id, userId }) : row;
}

/** The run; with `schedule` (a read path), a run whose process died or went silent is recovered first. */
export async function getRunOrThrow({ sessionId, actionId, userId, schedule }: { sessionId: string; actionId: string; userId: string; schedule?: Schedule }) {
  const read = async () => {
    const run = await db.run.findFirst({ where: { id: actionId, sessionId, session: { userId } }, select: runView });
    if (!run) throw notFound("Action");
    return toRunView(run);
  };
  const run = await read();
  if (!schedule || (run.status !== "running" && run.status !== "queued")) return run;
  const { failed } = await recoverStaleRuns({ sessionId, schedule });
  return failed > 0 ? read() : run;
}

/** The caller's sessions, after recovering any dead or silent run among the processing ones on the page. */
export async function listLiveSessions(args: { userId: string; cursor?: string; limit: number; articleId?: string; locale: Locale; schedule: Schedule }) {
  const { schedule, ...query } = args;
  const page = await listSessions(query);
  const processing = page.items.filter((item) => item.progress.status === "processing").map((item) => item.sessionId);
  if (processing.length === 0) return page;
  const { failed } = await recoverStaleRuns({ sessionIds: processing, schedule });
  return failed > 0 ? listSessions(query) : page;
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

/** `retry` (offered in `error`): the stage's last failed action again, with its parameters. */
async function retryFailedAction({
  session,
  userId,
  request,
  schedule,
}: {
  session: SessionRow;
  userId: string;
  request: ActionRequest;
  schedule: Schedule;
}): Promise<StartedAction> {
  if (session.status !== "error") throw new AppError("wrong_stage", "Nothing to retry: the session is not in error");
  const failed = await db.run.findFirst({
    where: { sessionId: session.id, stage: session.stage, status: "failed" },
    orderBy: { createdAt: "desc" },
    select: { action: true, parameters: true },
  });
  if (!failed) throw new AppError("wrong_stage", "Nothing to retry at this stage");
  const parameters = storedParameters.parse(failed.parameters);
  const apply = request.apply === "auto" ? "auto" : readApplyMode(parameters);
  return startAction({ sessionId: session.id, userId, request: { ...request, action: failed.action, parameters, apply }, schedule });
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
  // Written first so it precedes the agent's answer; taken back if the run does not start.
  const message = await recordWriterMessage(db, { sessionId, content: comment });
  try {
    return await startAction({ sessionId, userId, request: { action: last.action, parameters, apply: readApplyMode(parameters) }, schedule });
  } catch (error) {
    await db.message.deleteMany({ where: { id: message.id } });
    throw error;
  }
}
