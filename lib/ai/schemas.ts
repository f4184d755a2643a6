// The structured outputs each agent asks the model for (validated by zod; the fake model fills them too).
import { z } from "zod";

export const REVIEW_ISSUE_TYPES = ["grammar", "clarity", "fact", "citation", "style", "seo", "length"] as const;

export const topicsOutput = z.object({
  topics: z
    .array(
      z.object({
        title: z.string().min(3).max(200),
        angle: z.string().min(3).max(600),
        whyNow: z.string().min(3).max(600),
        keywords: z.array(z.string().min(1).max(60)).min(1).max(8),
        expectedInterest: z.enum(["low", "medium", "high"]),
      }),
    )
    .min(1)
    .max(10),
});

export const researchOutput = z.object({
  summary: z.string().min(10).max(3000),
  keyPoints: z
    .array(z.object({ text: z.string().min(3).max(600), sourceNumbers: z.array(z.number().int().min(1).max(50)).max(5) }))
    .min(1)
    .max(12),
  suggestedSources: z.array(z.object({ title: z.string().min(1).max(300), url: z.string().max(2000), excerpt: z.string().max(1000) })).max(8),
  outline: z
    .array(z.object({ title: z.string().min(1).max(200), points: z.array(z.string().min(1).max(400)).min(1).max(8) }))
    .min(2)
    .max(12),
});

export const reviewOutput = z.object({
  score: z.number().int().min(0).max(100),
  summary: z.string().min(3).max(2000),
  issues: z
    .array(
      z.object({
        type: z.enum(REVIEW_ISSUE_TYPES),
        severity: z.enum(["low", "medium", "high"]),
        excerpt: z.string().max(500),
        suggestion: z.string().min(1).max(1000),
      }),
    )
    .max(30),
});

export const suggestionsOutput = z.object({ suggestions: z.array(z.string().min(1).max(4000)).min(1).max(3) });

export const grammarOutput = z.object({
  issues: z.array(z.object({ excerpt: z.string().min(1).max(300), message: z.string().min(1).max(500), replacement: z.string().max(300) })).max(30),
});

export type TopicsOutput = z.infer<typeof topicsOutput>;
export type ResearchOutput = z.infer<typeof researchOutput>;
export type ReviewOutput = z.infer<typeof reviewOutput>;
