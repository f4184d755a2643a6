// The 202 answer of POST /sessions/{id}/actions and /feedback, in shared/DESIGN.md's shape:
// `{actionId, status: "processing", progress: {stage, status, progress, currentStep, estimatedTime}}`,
// plus `run` (the run as GET …/actions/{actionId} shows it: a state action has already finished).
import "server-only";
import { db } from "@/lib/db";
import type { ActionAcceptedResponse, RunResponse } from "@/lib/genflow/responses";

export async function toAcceptedAction({ sessionId, run }: { sessionId: string; run: RunResponse }): Promise<ActionAcceptedResponse> {
  const session = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    select: { stage: true, status: true, progress: true, currentStep: true, estimatedTime: true },
  });
  return { actionId: run.actionId, status: "processing", progress: session, run };
}
