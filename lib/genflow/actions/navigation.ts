// approve and go_to_stage: the moves between stages, offered by several stages.
import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { moveToStage } from "@/lib/genflow/actions/session-writes";
import { assertCanGoBack, getApproveTarget } from "@/lib/genflow/stage-moves";
import { stageSchema } from "@/lib/genflow/stage-schemas";

export const approve = defineAction({
  name: "approve",
  stage: ["topic", "research", "writing", "styling", "review"],
  type: "primary",
  label: ACTION_LABELS.approve,
  usesModel: false,
  // The stage being approved: a client that sends it cannot skip a stage by approving twice.
  parameters: z.object({ stage: stageSchema.optional() }).default({}),
  run: async (input) => {
    const { stage } = input.session;
    if (input.parameters.stage && input.parameters.stage !== stage) {
      throw new AppError("wrong_stage", `The session is at ${stage}, not ${input.parameters.stage}: it was approved already`, { details: { stage } });
    }
    if (stage === "topic" && !input.stageData.topic?.selected) {
      throw new AppError("wrong_stage", "Choose a topic (select_topic) before approving the topic stage");
    }
    return moveToStage(input, getApproveTarget(stage));
  },
});

// In `error`: the stage's last failed action again, with its stored parameters. runs.ts resolves it to that
// action before anything is claimed, so this action itself never runs.
export const retry = defineAction({
  name: "retry",
  stage: ["topic", "research", "writing", "styling", "review", "publish"],
  type: "primary",
  label: ACTION_LABELS.retry,
  usesModel: false,
  onlyInError: true,
  parameters: z.object({}).default({}),
  run: async () => {
    throw new AppError("wrong_stage", "Nothing to retry: the session is not in error");
  },
});

export const goToStage = defineAction({
  name: "go_to_stage",
  stage: ["research", "writing", "styling", "review", "publish"],
  type: "secondary",
  label: ACTION_LABELS.go_to_stage,
  usesModel: false,
  parameters: z.object({ stage: stageSchema }),
  run: async (input) => {
    assertCanGoBack({ from: input.session.stage, to: input.parameters.stage });
    return moveToStage(input, input.parameters.stage);
  },
});
