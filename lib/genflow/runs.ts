// Actions as runs. Each request becomes a Run row; the session is claimed by a conditional update so only
// one action runs per session at a time, whatever the number of callers or server processes.
import "server-only";
import { db, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { ActionName } from "@/lib/genflow/actions";
import { appendEvent } from "@/lib/genflow/events";
import { executeStateAction } from "@/lib/genflow/state-actions";
import { getSessionOrThrow } from "@/lib/genflow/sessions";
import type { Stage, Status } from "@/lib/genflow/stages";
import { parseActionParameters, resolveAction } from "@/lib/genflow/state-machine";

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

function toRunView(run: Prisma.RunGetPayload<{ select: typeof runView }>) {
  const { id, tokensIn, tokensOut, costUsd, ...rest } = run;
  return { actionId: id, ...rest, usage: { tokensIn, tokensOut, costUsd } };
}

export async function startAction({ sessionId, userId, request }: { sessionId: string; userId: string; request: ActionRequest }) {
  const session = await getSessionOrThrow({ id: sessionId, userId });
  if (request.idempotencyKey) {
    const previous = await db.run.findUnique({
      where: { sessionId_idempotencyKey: { sessionId, idempotencyKey: request.idempotencyKey } },
      select: runView,
    });
    if (previous) return { replayed: true, run: toRunView(previous) };
  }
  const definition = resolveAction({ stage: session.stage as Stage, status: session.status as Status, action: request.action });
  const parameters = parseActionParameters(definition.name, request.parameters);
  if (definition.usesModel) {
    throw new AppError(
      "model_not_configured",
      "No model is configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server) and GENFLOW_MODEL",
    );
  }
  const run = await db.$transaction(async (tx) => {
    // The claim: only a caller that sees the session idle (or in error) at this stage proceeds.
    const claimed = await tx.session.updateMany({
      where: { id: sessionId, stage: session.stage, status: { in: ["idle", "error"] } },
      data: { status: "processing", errorMessage: null },
    });
    if (claimed.count === 0) throw new AppError("session_busy", "Another action is running or just changed this session; reload and retry");
    const created = await tx.run.create({
      data: {
        sessionId,
        action: definition.name,
        stage: session.stage,
        parameters: parameters as Prisma.InputJsonValue,
        idempotencyKey: request.idempotencyKey,
        status: "running",
        startedAt: new Date(),
      },
      select: { id: true },
    });
    const outcome = await executeStateAction(tx, {
      session,
      action: definition.name as ActionName,
      parameters,
    });
    await tx.session.update({
      where: { id: sessionId },
      data: { status: "idle", progress: outcome.progress ?? session.progress, currentStep: outcome.currentStep ?? null },
    });
    await appendEvent(tx, {
      sessionId,
      type: "action.completed",
      data: { actionId: created.id, action: definition.name, result: outcome.result },
    });
    return tx.run.update({
      where: { id: created.id },
      data: { status: "succeeded", progress: 100, result: outcome.result as Prisma.InputJsonValue, finishedAt: new Date() },
      select: runView,
    });
  });
  return { replayed: false, run: toRunView(run) };
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
  await db.$transaction([
    db.run.update({ where: { id: actionId }, data: { status: "cancelled", finishedAt: new Date(), errorMessage: "cancelled by the writer" } }),
    db.session.updateMany({ where: { id: sessionId, status: "processing" }, data: { status: "idle", currentStep: null } }),
  ]);
  return getRunOrThrow({ sessionId, actionId, userId });
}
