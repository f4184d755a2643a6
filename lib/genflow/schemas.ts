// Request schemas shared by the route handlers and the OpenAPI document.
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/genflow/action-options";
import { localeSchema } from "@/lib/genflow/stage-schemas";

const resourceId = z.string().min(1).max(100);
// Versions are Int columns: a number past PostgreSQL's int4 would fail in the query (a 500), not as a 422.
export const versionNumber = z.number().int().min(1).max(2_147_483_647);

export const idParams = z.object({ id: resourceId });
export const revisionParams = z.object({ id: resourceId, revisionId: resourceId });
export const runParams = z.object({ id: resourceId, actionId: resourceId });
export const variantParams = z.object({ id: resourceId, variantId: resourceId });
export const proposalParams = z.object({ id: resourceId, proposalId: resourceId });

export const listSessionsQuery = z.object({
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  articleId: resourceId.optional(),
});

export const listArticlesQuery = z.object({ q: z.string().max(200).optional() });

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const updateArticleSchema = z
  .object({
    baseVersion: versionNumber,
    title: z.string().trim().min(1).max(300).optional(),
    content: z.string().max(900_000).optional(),
    language: localeSchema.optional(),
  })
  .refine((v) => v.title !== undefined || v.content !== undefined || v.language !== undefined, {
    message: "Send at least one of title, content, language",
    path: ["content"],
  });

export const restoreRevisionSchema = z.object({ baseVersion: versionNumber.optional() });

export const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default("md") });

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });

export const APPLY_MODES = ["review", "auto"] as const;

export const actionRequestSchema = z.object({
  action: z.string().min(1).max(100),
  parameters: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().min(1).max(200).optional(),
  apply: z
    .enum(APPLY_MODES)
    .default("review")
    .describe(
      'What becomes of a text change the action makes: "review" (a pending proposal for the writer) or "auto" (merged at once; changes that conflict with the writer\'s edits since the run started stay a pending proposal)',
    ),
});

export const listProposalsQuery = z.object({ status: z.enum(["pending", "all"]).default("pending") });

export const acceptProposalSchema = z.object({
  version: versionNumber.describe("The article version the writer saw the changes against (409 stale_version otherwise)"),
  changeIds: z
    .array(z.string().min(1).max(20))
    .min(1)
    .max(1000)
    .optional()
    .describe("The changes to take (omitted: all of them); a conflict taken takes the AI's side"),
});

export const rejectProposalSchema = z.object({});

export const feedbackSchema = z.object({ comment: z.string().trim().min(1).max(4000) });

// A variant's edit: accepted only at the version the writer edited (409 stale_version otherwise).
export const updateVariantSchema = z
  .object({
    version: versionNumber,
    title: z.string().trim().min(1).max(300).optional(),
    content: z.string().max(900_000).optional(),
  })
  .refine((v) => v.title !== undefined || v.content !== undefined, { message: "Send at least one of title, content", path: ["content"] });

export const applyVariantSchema = z.object({});
