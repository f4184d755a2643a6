// Where `approve` and `go_to_stage` may lead: the only moves between stages.
import { AppError } from "@/lib/errors";
import { type Stage, nextStage, stageIndex } from "@/lib/genflow/stages";

/** Where `approve` leads: the next stage, or an error at the last one. */
export function getApproveTarget(stage: Stage): Stage {
  const next = nextStage(stage);
  if (!next) throw new AppError("wrong_stage", "The publish stage is the last one; use `complete` instead");
  return next;
}

/** `go_to_stage` only moves back (every later output is kept); forward is `approve`. */
export function assertCanGoBack({ from, to }: { from: Stage; to: Stage }): void {
  if (stageIndex(to) >= stageIndex(from)) {
    throw new AppError("wrong_stage", `go_to_stage moves back only: ${to} is not before ${from}`, {
      details: { stage: from },
    });
  }
}
