// What the article routes answer, in zod (part of responses.ts, which re-exports it). Apart so that the
// article domain (articles.ts) can name its return types without importing the action registry, which
// responses.ts needs for run answers and which itself imports articles.ts.
import { z } from "zod";
import { LOCALES, STAGES } from "@/lib/genflow/stages";

export const articleResponse = z.object({
  id: z.string(),
  title: z.string(),
  language: z.enum(LOCALES),
  content: z.string(),
  version: z.number().int(),
  stage: z.enum(STAGES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const revision = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  source: z.string(),
  stage: z.enum(STAGES).nullable(),
  model: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const revisionResponse = revision.extend({ content: z.string() });
export const revisionListResponse = z.object({ revisions: z.array(revision) });
const articleSummary = articleResponse.pick({ id: true, title: true, language: true, stage: true, version: true, updatedAt: true });
export const articleListResponse = z.object({ articles: z.array(articleSummary) });
export type ArticleResponse = z.infer<typeof articleResponse>;
export type ArticleSummary = z.infer<typeof articleSummary>;
export type RevisionResponse = z.infer<typeof revisionResponse>;
