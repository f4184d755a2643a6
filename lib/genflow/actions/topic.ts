// Topic stage: discover_topics (model) and select_topic (a discovered topic, or the writer's own).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { discoverTopics as runDiscoverTopics } from "@/lib/ai/agents/topic";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/genflow/actions/define";
import { id, text } from "@/lib/genflow/actions/fields";
import { saveStageData } from "@/lib/genflow/actions/session-writes";
import type { Topic } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

export const DEFAULT_TOPIC_CATEGORY: Record<Locale, string> = { en: "technology", zh: "技术" };

export const discoverTopics = defineAction({
  name: "discover_topics",
  stage: "topic",
  type: "primary",
  label: { en: "Discover trending topics", zh: "发现热门话题" },
  usesModel: true,
  parameters: z.object({
    // Absent: the session language's default (DEFAULT_TOPIC_CATEGORY), as the seed does.
    category: text(200).optional(),
    count: z.number().int().min(1).max(10).default(5),
    audience: text(300).optional(),
    keywords: z.array(text(100)).max(20).optional(),
  }),
  sessionDefaults: ({ language }) => ({ category: DEFAULT_TOPIC_CATEGORY[language] }),
  // The category is stored with the run (sessionDefaults); a run stored without one still gets the default.
  run: (input) =>
    runDiscoverTopics({ ...input, parameters: { ...input.parameters, category: input.parameters.category ?? DEFAULT_TOPIC_CATEGORY[input.language] } }),
});

export const selectTopic = defineAction({
  name: "select_topic",
  stage: "topic",
  type: "secondary",
  label: { en: "Choose a topic", zh: "选择话题" },
  usesModel: false,
  parameters: z.union([
    z.object({ topicId: id }),
    z.object({ title: text(300), angle: text(1000).optional(), keywords: z.array(text(100)).max(20).optional() }),
  ]),
  run: async (input) => {
    const { parameters: p, stageData } = input;
    let selected: Topic;
    if ("topicId" in p) {
      const found = (stageData.topic?.topics ?? []).find((t) => t.id === p.topicId);
      if (!found) {
        throw new AppError("validation_failed", `No discovered topic has id "${p.topicId}"`, {
          details: [{ field: "parameters.topicId", message: "unknown topic id" }],
        });
      }
      selected = found;
    } else {
      selected = { id: `own-${randomUUID().slice(0, 8)}`, title: p.title, angle: p.angle, keywords: p.keywords };
    }
    await saveStageData(input, { ...stageData, topic: { ...stageData.topic, selected } });
    return { result: { selected }, currentStep: "topic selected" };
  },
});
