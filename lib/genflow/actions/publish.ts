// Publish stage: export_article (Markdown or sanitized HTML) and complete (marks the article published), each
// of the article or of one of its platform variants (`variantId`).
import "server-only";
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/genflow/action-options";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { id } from "@/lib/genflow/actions/fields";
import { saveStageData } from "@/lib/genflow/actions/session-writes";
import { articleMarkdown, renderMarkdownToHtml } from "@/lib/genflow/article-render";
import { AppError } from "@/lib/errors";
import { documentMarkdown } from "@/lib/genflow/checks/citations";
import type { Prisma } from "@/lib/db";
import { readStageData } from "@/lib/genflow/stage-data";

/** The variant of the session's article, inside the claiming transaction; a 422 naming the field otherwise. */
async function variantOf(tx: Prisma.TransactionClient, { articleId, variantId }: { articleId: string; variantId: string }) {
  const variant = await tx.variant.findFirst({ where: { id: variantId, articleId }, select: { id: true, title: true, content: true, platform: true } });
  if (!variant) {
    throw new AppError("validation_failed", `No variant ${variantId} on this article`, {
      details: [{ field: "parameters.variantId", message: "not a variant of this session's article" }],
    });
  }
  return variant;
}

export const exportArticle = defineAction({
  name: "export_article",
  stage: "publish",
  type: "primary",
  label: ACTION_LABELS.export_article,
  usesModel: false,
  parameters: z.object({ format: z.enum(EXPORT_FORMATS).default("md"), variantId: id.optional() }),
  run: async ({ tx, session, parameters }) => {
    const article = await tx.article.findUniqueOrThrow({
      where: { id: session.articleId },
      select: { title: true, content: true, language: true, stageData: true },
    });
    let markdown = articleMarkdown(article);
    if (parameters.variantId) {
      const variant = await variantOf(tx, { articleId: session.articleId, variantId: parameters.variantId });
      const sources = readStageData(article.stageData).research?.sources ?? [];
      markdown = documentMarkdown({ title: variant.title, content: variant.content, sources, language: article.language });
    }
    const content = parameters.format === "html" ? renderMarkdownToHtml(markdown) : markdown;
    return { result: { format: parameters.format, content, variantId: parameters.variantId ?? null }, currentStep: "exported" };
  },
});

export const complete = defineAction({
  name: "complete",
  stage: "publish",
  type: "primary",
  label: ACTION_LABELS.complete,
  usesModel: false,
  parameters: z.object({ variantId: id.optional() }).default({}),
  run: async (input) => {
    const completedAt = new Date().toISOString();
    const variantId = input.parameters.variantId
      ? (await variantOf(input.tx, { articleId: input.session.articleId, variantId: input.parameters.variantId })).id
      : null;
    await saveStageData(input, { ...input.stageData, publish: { ...input.stageData.publish, completedAt, variantId } });
    return { result: { completedAt, variantId }, progress: 100, currentStep: "published" };
  },
});
