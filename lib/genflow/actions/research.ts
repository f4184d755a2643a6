// Research stage: research_topic (model: sources, key points, outline) and update_outline (the writer's edit).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { researchTopic as runResearchTopic } from "@/lib/ai/agents/research";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { id, text } from "@/lib/genflow/actions/fields";
import { saveStageData } from "@/lib/genflow/actions/session-writes";
import { markWriterEdits } from "@/lib/genflow/outline-merge";

export const researchTopic = defineAction({
  name: "research_topic",
  stage: "research",
  buttonId: "start_research",
  type: "primary",
  label: ACTION_LABELS.research_topic,
  usesModel: true,
  parameters: z.object({
    depth: z.enum(["quick", "standard", "deep"]).default("standard"),
    sources: z
      .array(z.union([z.object({ url: z.url({ protocol: /^https?$/ }) }), z.object({ title: text(300).optional(), text: text(200_000) })]))
      .max(20)
      .optional(),
  }),
  run: runResearchTopic,
});

export const updateOutline = defineAction({
  name: "update_outline",
  stage: "research",
  type: "secondary",
  label: ACTION_LABELS.update_outline,
  usesModel: false,
  parameters: z.object({
    sections: z
      .array(z.object({ id: id.optional(), title: text(300), points: z.array(text(1000)).max(30).default([]) }))
      .min(1)
      .max(50)
      // Ids name sections across saves (and a re-run of research keeps the writer's by id): one each.
      .refine((sections) => new Set(sections.flatMap((s) => (s.id ? [s.id] : []))).size === sections.filter((s) => s.id).length, {
        message: "Each section id may appear only once",
      }),
  }),
  run: async (input) => {
    // Each section is marked against the stored outline: what the writer added or changed becomes theirs, which
    // a re-run of research keeps (lib/genflow/outline-merge.ts).
    const outline = markWriterEdits({
      previous: input.stageData.research?.outline ?? [],
      next: input.parameters.sections.map((s) => ({ id: s.id ?? `s-${randomUUID().slice(0, 8)}`, title: s.title, points: s.points })),
    });
    await saveStageData(input, { ...input.stageData, research: { ...input.stageData.research, outline } });
    // No step text: the outline autosaves as the writer types, and the progress line should not change for that.
    return { result: { outline } };
  },
});
