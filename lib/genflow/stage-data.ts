// Shapes of each stage's stored output (session.stageData / article.stageData): one zod schema per stage,
// parsed once where a row is read from the database. Read leniently: older rows may predate a field, so every
// field is optional, unknown keys are kept (loose objects), and a slice that does not parse is dropped alone
// instead of taking the other stages' output with it.
import { z } from "zod";

export const topicSchema = z.object({
  id: z.string(),
  title: z.string(),
  angle: z.string().optional(),
  whyNow: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  expectedInterest: z.string().optional(),
});
export type Topic = z.infer<typeof topicSchema>;

export const outlineSectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  points: z.array(z.string()),
  /** Who wrote the section: the research model ("ai", also when absent) or the writer, who added or edited it.
   * A re-run of research refreshes the AI's sections and keeps the writer's (lib/genflow/outline-merge.ts). */
  origin: z.enum(["ai", "writer"]).optional(),
  /** On a writer's section: it began as an AI section the writer changed, so it takes that section's place
   * when research runs again (a section the writer added has no AI counterpart). */
  edited: z.boolean().optional(),
});
export type OutlineSection = z.infer<typeof outlineSectionSchema>;

export const sourceSchema = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  url: z.string().optional(),
  excerpt: z.string().optional(),
  origin: z.enum(["writer-url", "writer-text", "search", "model"]).optional(),
  verified: z.boolean().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

const checkSchema = z.object({ id: z.string(), passed: z.boolean(), message: z.string(), details: z.unknown().optional() });
export type StoredCheck = z.infer<typeof checkSchema>;

export const reviewIssueSchema = z.object({
  id: z.string(),
  type: z.string(),
  severity: z.string(),
  excerpt: z.string(),
  suggestion: z.string(),
  position: z.object({ start: z.number(), end: z.number() }).nullable().optional(),
  applied: z.boolean().optional(),
});
export type ReviewIssue = z.infer<typeof reviewIssueSchema>;

export const topicDataSchema = z.looseObject({
  topics: z.array(topicSchema).optional(),
  selected: topicSchema.optional(),
  /** The discover_topics request that produced `topics`. */
  request: z.object({ category: z.string(), count: z.number(), audience: z.string().optional(), keywords: z.array(z.string()).optional() }).optional(),
});

export const researchDataSchema = z.looseObject({
  summary: z.string().optional(),
  keyPoints: z.array(z.object({ id: z.string(), text: z.string(), sourceIds: z.array(z.string()) })).optional(),
  sources: z.array(sourceSchema).optional(),
  outline: z.array(outlineSectionSchema).optional(),
  depth: z.string().optional(),
});

export const writingDataSchema = z.looseObject({
  targetLength: z.number().optional(),
  tone: z.string().nullable().optional(),
  length: z.number().optional(),
});

export const stylingDataSchema = z.looseObject({
  preset: z.string().optional(),
  platform: z.string().optional(),
  /** The article version apply_style started from: the "before" of the before/after view. */
  beforeVersion: z.number().optional(),
  checks: z.array(checkSchema).optional(),
  /** The variant apply_style created (the article itself is left as it was). */
  variantId: z.string().optional(),
});

export const reviewDataSchema = z.looseObject({
  score: z.number().optional(),
  summary: z.string().optional(),
  issues: z.array(reviewIssueSchema).optional(),
  checks: z.array(checkSchema).optional(),
  reviewedVersion: z.number().optional(),
  /** A review of a platform variant (null or absent: of the article), at that variant version. */
  variantId: z.string().nullable().optional(),
  variantVersion: z.number().nullable().optional(),
});

export const publishDataSchema = z.looseObject({
  completedAt: z.string().optional(),
  exports: z.number().optional(),
  /** Published as this platform variant rather than the article. */
  variantId: z.string().nullable().optional(),
});

/** The schema of each stage's slice, by stage. */
export const stageSliceSchemas = {
  topic: topicDataSchema,
  research: researchDataSchema,
  writing: writingDataSchema,
  styling: stylingDataSchema,
  review: reviewDataSchema,
  publish: publishDataSchema,
} as const;

export type StageSlices = { [S in keyof typeof stageSliceSchemas]: z.infer<(typeof stageSliceSchemas)[S]> };
export type StageSlice<S extends keyof StageSlices> = StageSlices[S];

export const stageDataSchema = z.looseObject({
  topic: topicDataSchema.optional().catch(undefined),
  research: researchDataSchema.optional().catch(undefined),
  writing: writingDataSchema.optional().catch(undefined),
  styling: stylingDataSchema.optional().catch(undefined),
  review: reviewDataSchema.optional().catch(undefined),
  publish: publishDataSchema.optional().catch(undefined),
});

export type StageData = z.infer<typeof stageDataSchema>;

/** Parses stageData as stored (a JSON column); anything that is not an object reads as empty. */
export function readStageData(value: unknown): StageData {
  const parsed = stageDataSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
