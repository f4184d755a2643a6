// Publish stage: export_article (Markdown or sanitized HTML) and complete (marks the article published).
import "server-only";
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/genflow/action-options";
import { defineAction } from "@/lib/genflow/actions/define";
import { saveStageData } from "@/lib/genflow/actions/session-writes";
import { renderMarkdownToHtml } from "@/lib/genflow/articles";

export const exportArticle = defineAction({
  name: "export_article",
  stage: "publish",
  type: "primary",
  label: { en: "Export", zh: "导出文章" },
  usesModel: false,
  parameters: z.object({ format: z.enum(EXPORT_FORMATS).default("md") }),
  run: async ({ tx, session, parameters }) => {
    const article = await tx.article.findUniqueOrThrow({ where: { id: session.articleId }, select: { title: true, content: true } });
    const markdown = `${`# ${article.title}\n\n${article.content}`.trimEnd()}\n`;
    const content = parameters.format === "html" ? renderMarkdownToHtml(markdown) : markdown;
    return { result: { format: parameters.format, content }, currentStep: "exported" };
  },
});

export const complete = defineAction({
  name: "complete",
  stage: "publish",
  type: "primary",
  label: { en: "Mark as published", zh: "标记为已发布" },
  usesModel: false,
  parameters: z.object({}).default({}),
  run: async (input) => {
    const completedAt = new Date().toISOString();
    await saveStageData(input, { ...input.stageData, publish: { ...input.stageData.publish, completedAt } });
    return { result: { completedAt }, progress: 100, currentStep: "published" };
  },
});
