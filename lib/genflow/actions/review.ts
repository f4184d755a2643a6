// Review stage: review_article (model issues + computed checks) and apply_fixes (chosen issues, a new revision).
import "server-only";
import { z } from "zod";
import { applyFixes as runApplyFixes, reviewArticle as runReviewArticle } from "@/lib/ai/agents/review";
import { defineAction } from "@/lib/genflow/actions/define";
import { id } from "@/lib/genflow/actions/fields";

export const reviewArticle = defineAction({
  name: "review_article",
  stage: "review",
  type: "primary",
  label: { en: "Review the article", zh: "审核文章" },
  usesModel: true,
  parameters: z.object({}).default({}),
  run: runReviewArticle,
});

export const applyFixes = defineAction({
  name: "apply_fixes",
  stage: "review",
  type: "secondary",
  label: { en: "Apply fixes", zh: "应用修改建议" },
  usesModel: true,
  parameters: z.object({ issueIds: z.array(id).min(1).max(100) }),
  run: runApplyFixes,
});
