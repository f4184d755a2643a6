// Writing stage: write_draft along the outline and revise_draft (the whole draft or one section).
import "server-only";
import { z } from "zod";
import { reviseDraft as runReviseDraft, writeDraft as runWriteDraft } from "@/lib/ai/agents/writing";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { id, text } from "@/lib/genflow/actions/fields";

export const writeDraft = defineAction({
  name: "write_draft",
  stage: "writing",
  type: "primary",
  label: ACTION_LABELS.write_draft,
  usesModel: true,
  parameters: z.object({
    targetLength: z.number().int().min(100).max(20_000).default(1500),
    tone: text(100).optional(),
  }),
  run: runWriteDraft,
});

export const reviseDraft = defineAction({
  name: "revise_draft",
  stage: "writing",
  type: "secondary",
  label: ACTION_LABELS.revise_draft,
  usesModel: true,
  parameters: z.object({ instruction: text(2000), sectionId: id.optional() }),
  run: runReviseDraft,
});
