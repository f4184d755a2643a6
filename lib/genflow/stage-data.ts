// Shapes of each stage's stored output (session.stageData / article.stageData), read leniently because
// older rows may predate a field.
import { z } from "zod";

export const topicSchema = z.object({
  id: z.string(),
  title: z.string(),
  angle: z.string().optional(),
  whyNow: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  expectedInterest: z.string().optional(),
});

export const outlineSectionSchema = z.object({ id: z.string(), title: z.string(), points: z.array(z.string()) });

export const stageDataSchema = z
  .object({
    topic: z.object({ topics: z.array(topicSchema).optional(), selected: topicSchema.optional() }).partial().optional(),
    research: z.object({ outline: z.array(outlineSectionSchema).optional() }).passthrough().optional(),
    publish: z.object({ completedAt: z.string().optional(), exports: z.number().optional() }).passthrough().optional(),
  })
  .passthrough();

export type StageData = z.infer<typeof stageDataSchema>;

export function readStageData(value: unknown): StageData {
  const parsed = stageDataSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
