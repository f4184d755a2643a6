// Platform variants: the article restyled for one platform, kept beside the article (apply_style creates one;
// the writer opens, edits, exports, reviews, publishes it, or applies it to the article as a proposal).
// Edits are accepted only at the version the writer edited (409 otherwise), like the article's.
import "server-only";
import { z } from "zod";
import { checkPlatformRules } from "@/lib/ai/platforms";
import { db, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { documentMarkdown } from "@/lib/genflow/checks/citations";
import { articleSessionId, transactOnArticle } from "@/lib/genflow/article-events";
import { createProposal } from "@/lib/genflow/proposals";
import type { ProposalResponse } from "@/lib/genflow/proposal-responses";
import { readStageData } from "@/lib/genflow/stage-data";
import { renderHtmlDocument } from "@/lib/genflow/article-render";
import { type NewVariant, type VariantResponse, variantResponse } from "@/lib/genflow/variant-responses";

const variantView = {
  id: true,
  articleId: true,
  platform: true,
  preset: true,
  title: true,
  content: true,
  version: true,
  sourceVersion: true,
  model: true,
  checks: true,
  createdAt: true,
  updatedAt: true,
} as const;

// Checks as a JSON column value (an array: toJsonColumn takes objects only).
const jsonArray = z.array(z.json());
const checksColumn = (checks: NewVariant["checks"]) => jsonArray.parse(JSON.parse(JSON.stringify(checks)));

type VariantRow = Prisma.VariantGetPayload<{ select: typeof variantView }>;

/** A row as the API answers it; platform, preset and checks are parsed (they are stored as strings and JSON). */
export function toVariantResponse(row: VariantRow): VariantResponse {
  return variantResponse.parse({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
}

/** Stores a variant apply_style made, inside the run's result transaction (so a discarded run leaves none). */
export async function insertVariant(tx: Prisma.TransactionClient, variant: NewVariant): Promise<void> {
  await tx.variant.create({ data: { ...variant, version: 1, checks: checksColumn(variant.checks) } });
}

/** The caller's article (404 for anyone else's): its language, text and research sources. */
async function ownArticle({ articleId, userId }: { articleId: string; userId: string }) {
  const article = await db.article.findFirst({
    where: { id: articleId, userId },
    select: { id: true, language: true, title: true, content: true, version: true, stageData: true },
  });
  if (!article) throw notFound("Article");
  return article;
}

export async function listVariants({ articleId, userId }: { articleId: string; userId: string }): Promise<VariantResponse[]> {
  await ownArticle({ articleId, userId });
  const rows = await db.variant.findMany({ where: { articleId }, orderBy: { createdAt: "desc" }, select: variantView });
  return rows.map(toVariantResponse);
}

export async function getVariantOrThrow({ articleId, variantId, userId }: { articleId: string; variantId: string; userId: string }): Promise<VariantResponse> {
  const row = await db.variant.findFirst({ where: { id: variantId, articleId, article: { userId } }, select: variantView });
  if (!row) throw notFound("Variant");
  return toVariantResponse(row);
}

/** For an agent (review_article, export and publish): the session's article owns the variant, or it is a 422. */
export async function readVariantForRun({ articleId, variantId }: { articleId: string; variantId: string }): Promise<VariantResponse> {
  const row = await db.variant.findFirst({ where: { id: variantId, articleId }, select: variantView });
  if (!row) {
    throw new AppError("validation_failed", `No variant ${variantId} on this article`, {
      details: [{ field: "parameters.variantId", message: "not a variant of this session's article" }],
    });
  }
  return toVariantResponse(row);
}

/** Saves the writer's edit if the variant is still at `version`; its platform checks are computed again. */
export async function updateVariant({
  articleId,
  variantId,
  userId,
  version,
  change,
}: {
  articleId: string;
  variantId: string;
  userId: string;
  version: number;
  change: { title?: string; content?: string };
}): Promise<VariantResponse> {
  const current = await getVariantOrThrow({ articleId, variantId, userId });
  const article = await ownArticle({ articleId, userId });
  const content = change.content ?? current.content;
  const checks = checkPlatformRules({ text: content, platform: current.platform, language: article.language });
  const { count } = await db.variant.updateMany({
    where: { id: variantId, articleId, version },
    data: { ...change, checks: checksColumn(checks), version: { increment: 1 } },
  });
  if (count === 0) {
    const now = await getVariantOrThrow({ articleId, variantId, userId });
    throw new AppError("stale_version", `The variant changed since version ${version}; it is now at ${now.version}`, {
      details: { currentVersion: now.version, current: now },
    });
  }
  return getVariantOrThrow({ articleId, variantId, userId });
}

export async function deleteVariant({ articleId, variantId, userId }: { articleId: string; variantId: string; userId: string }): Promise<void> {
  const { count } = await db.variant.deleteMany({ where: { id: variantId, articleId, article: { userId } } });
  if (count === 0) throw notFound("Variant");
}

/** A variant as a Markdown or HTML document, ending with the references it cites (as the article's export). */
export async function exportVariant({ articleId, variantId, userId, format }: { articleId: string; variantId: string; userId: string; format: "md" | "html" }) {
  const variant = await getVariantOrThrow({ articleId, variantId, userId });
  const article = await ownArticle({ articleId, userId });
  const language = article.language;
  const sources = readStageData(article.stageData).research?.sources ?? [];
  const markdown = documentMarkdown({ title: variant.title, content: variant.content, sources, language });
  const name = `${variant.title} (${variant.platform})`;
  if (format === "md") return { name, body: markdown, contentType: "text/markdown; charset=utf-8", extension: "md" };
  return { name, body: renderHtmlDocument({ title: variant.title, language, markdown }), contentType: "text/html; charset=utf-8", extension: "html" };
}

/**
 * Applies a variant to the article as a proposal (source "variant"): the writer reviews it change by change like
 * any AI change (proposal.ready on the article's session channel); nothing is written to the article here. Its
 * base is the article as the variant was made from it (the revision at sourceVersion), so what the writer wrote
 * since then is the writer's side of the merge, not something the variant would delete.
 */
export async function proposeVariant({ articleId, variantId, userId }: { articleId: string; variantId: string; userId: string }): Promise<ProposalResponse> {
  const variant = await getVariantOrThrow({ articleId, variantId, userId });
  return transactOnArticle({ articleId, userId }, async (tx, emit) => {
    const article = await tx.article.findUniqueOrThrow({ where: { id: articleId }, select: { version: true, title: true, content: true } });
    const source = await tx.articleRevision.findUnique({
      where: { articleId_version: { articleId, version: variant.sourceVersion } },
      select: { version: true, title: true, content: true },
    });
    // Every write makes a revision; without one (an article older than its revisions) the article now is the base.
    const base = source ?? article;
    const sessionId = await articleSessionId({ articleId, userId });
    return createProposal({
      tx,
      emit,
      articleId,
      sessionId,
      source: "variant",
      model: variant.model,
      note: `variant ${variant.platform} v${variant.version}`,
      variantId: variant.id,
      base,
      title: variant.title === base.title ? null : variant.title,
      content: variant.content,
    });
  });
}
