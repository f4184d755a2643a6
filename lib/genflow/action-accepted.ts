// The 202 answer of POST /sessions/{id}/actions and /feedback, in shared/DESIGN.md's shape:
// `{actionId, status: "processing", progress: {stage, status, progress, currentStep, estimatedTime}}`,
// plus `run` (the run as GET …/actions/{actionId} shows it: a state action has already finished).
import "server-only";
import { db, type Prisma } from "@/lib/db";
import type { ActionAcceptedResponse, RunResponse } from "@/lib/genflow/responses";

/** The session's progress columns, as the answer shows them. */
export const sessionProgressSelect = { stage: true, status: true, progress: true, currentStep: true, estimatedTime: true } as const;
export type SessionProgress = Prisma.SessionGetPayload<{ select: typeof sessionProgressSelect }>;

/** `progress`: the session as the claim left it (StartedAction's); read here when the caller has none (a replay). */
export async function toAcceptedAction({
  sessionId,
  run,
  progress,
}: {
  sessionId: string;
  run: RunResponse;
  progress?: SessionProgress;
}): Promise<ActionAcceptedResponse> {
  const session = progress ?? (await db.session.findUniqueOrThrow({ where: { id: sessionId }, select: sessionProgressSelect }));
  return { actionId: run.actionId, status: "processing", progress: session, run };
}
