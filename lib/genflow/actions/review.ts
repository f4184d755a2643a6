// Review stage: review_article (model issues + computed checks, of the article or a variant) and apply_fixes
// (each chosen issue's passage rewritten and spliced into the text).
import "server-only";
import { z } from "zod";
import { locateChosenFixes, applyFixes as runApplyFixes, reviewArticle as runReviewArticle } from "@/lib/ai/agents/review";
import { readVariantForRun } from "@/lib/genflow/variants";
import { defineAction } from "@/lib/genflow/actions/define";
import { ACTION_LABELS } from "@/lib/genflow/actions/labels";
import { id } from "@/lib/genflow/actions/fields";

export const reviewArticle = defineAction({
  name: "review_article",
  stage: "review",
  type: "primary",
  label: ACTION_LABELS.review_article,
  usesModel: true,
  // variantId: review that platform variant instead of the article (its length against the platform's limit).
  parameters: z.object({ variantId: id.optional() }).default({}),
  run: runReviewArticle,
  precheck: async ({ parameters, article }) => {
    if (parameters.variantId) await readVariantForRun({ articleId: article.id, variantId: parameters.variantId });
  },
});

export const applyFixes = defineAction({
  name: "apply_fixes",
  stage: "review",
  type: "secondary",
  label: ACTION_LABELS.apply_fixes,
  usesModel: true,
  parameters: z.object({ issueIds: z.array(id).min(1).max(100) }),
  run: runApplyFixes,
  // A fix whose passage is gone is refused at once (the editor disables its button by the same test).
  precheck: async ({ parameters, stageData, article }) => {
    locateChosenFixes({ issueIds: parameters.issueIds, stageData, text: article.content });
  },
});
