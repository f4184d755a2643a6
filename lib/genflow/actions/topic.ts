// Topic stage: discover_topics (model) and select_topic (a discovered topic, or the writer's own).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { discoverTopics as runDiscoverTopics } from "@/lib/ai/agents/topic";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { id, text } from "@/lib/genflow/actions/fields";
import { saveStageData, type StateWriter } from "@/lib/genflow/actions/session-writes";
import { DEFAULT_TITLE } from "@/lib/genflow/stages";
import type { Topic } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

export const DEFAULT_TOPIC_CATEGORY: Record<Locale, string> = { en: "technology", zh: "技术" };

export const discoverTopics = defineAction({
  name: "discover_topics",
  stage: "topic",
  type: "primary",
  label: ACTION_LABELS.discover_topics,
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
  label: ACTION_LABELS.select_topic,
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
    await titleFromTopic(input, selected.title);
    return { result: { selected }, currentStep: "topic selected" };
  },
});

const DEFAULT_TITLES: readonly string[] = Object.values(DEFAULT_TITLE);

/**
 * The article takes the chosen topic's title while it still has the default one ("Untitled article"), rather
 * than waiting for the draft. A title the writer gave it is never replaced. Like every article write it makes
 * a revision and tells the session's listeners (article.updated), so an open editor moves to the new version.
 */
async function titleFromTopic({ tx, emit, session }: StateWriter, title: string) {
  if (!title.trim()) return;
  // One conditional write, not read-then-write: a title the writer saves meanwhile either commits first (then
  // this matches nothing: PostgreSQL re-checks the condition on the row it waited for) or comes after, at a
  // stale version (409 with this title, for the editor to merge), so the writer's title is never replaced.
  const { count } = await tx.article.updateMany({
    where: { id: session.articleId, title: { in: [...DEFAULT_TITLES] } },
    data: { title: title.trim().slice(0, 300), version: { increment: 1 } },
  });
  if (count === 0) return;
  const updated = await tx.article.findUniqueOrThrow({
    where: { id: session.articleId },
    select: { id: true, title: true, content: true, version: true },
  });
  const revision = await tx.articleRevision.create({
    data: {
      articleId: updated.id,
      version: updated.version,
      title: updated.title,
      content: updated.content,
      source: "stage",
      stage: "topic",
      note: "title from topic",
    },
    select: { id: true },
  });
  await emit({
    type: "article.updated",
    data: { articleId: updated.id, version: updated.version, title: updated.title, source: "stage", revisionId: revision.id },
  });
}
