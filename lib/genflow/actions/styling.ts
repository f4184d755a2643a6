// Styling stage: apply_style rewrites the article for a preset and a platform.
import "server-only";
import { z } from "zod";
import { applyStyle as runApplyStyle } from "@/lib/ai/agents/styling";
import { PLATFORMS, STYLE_PRESETS } from "@/lib/genflow/action-options";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";

export const applyStyle = defineAction({
  name: "apply_style",
  stage: "styling",
  type: "primary",
  label: ACTION_LABELS.apply_style,
  usesModel: true,
  parameters: z.object({ preset: z.enum(STYLE_PRESETS), platform: z.enum(PLATFORMS) }),
  run: runApplyStyle,
});
