// Review stage: review_article (model issues + computed checks, of the article or of one platform variant)
// and apply_fixes (each chosen issue's passage rewritten alone and spliced into the current text).
import "server-only";
import { getTranslator } from "@/lib/i18n";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import { storedSources } from "@/lib/ai/agents/writing";
import { generateStructured, streamProse } from "@/lib/ai/call";
import { fixPassagePrompt, INSTRUCTIONS, reviewPrompt, tokensForLength } from "@/lib/ai/prompts/stages";
import { reviewOutput } from "@/lib/ai/schemas";
import { AppError } from "@/lib/errors";
import { keepSurroundingWhitespace, locateFixes, spliceReplacements } from "@/lib/genflow/checks/fixes";
import { countLength } from "@/lib/genflow/checks/length";
import { liveReviewChecks } from "@/lib/genflow/checks/live-checks";
import type { ReviewIssue, StageData, StageSlice } from "@/lib/genflow/stage-data";
import { readVariantForRun } from "@/lib/genflow/variants";

/** What is reviewed: the article, or a platform variant (measured against its platform's length limit). */
async function reviewTarget(input: AgentInput<{ variantId?: string }>) {
  const variantId = input.parameters.variantId;
  if (!variantId) return { text: input.article.content, variant: null };
  const variant = await readVariantForRun({ articleId: input.article.id, variantId });
  return { text: variant.content, variant };
}

export async function reviewArticle(input: AgentInput<{ variantId?: string }>): Promise<AgentOutput<StageSlice<"review">>> {
  const t = getTranslator(input.language);
  const { text, variant } = await reviewTarget(input);
  if (!text.trim()) throw new AppError("wrong_stage", "There is no article text to review yet");
  const bannedTerms = input.context.bannedTerms ?? [];
  const sources = storedSources(input);
  await input.progress(15, t("agentSteps.reviewing"), 15);
  const output = await generateStructured({
    ctx: input.call,
    schema: reviewOutput,
    instructions: INSTRUCTIONS.review,
    prompt: reviewPrompt({ text, language: input.language, sources, bannedTerms }),
  });
  const issues: ReviewIssue[] = output.issues.map((issue, i) => {
    const start = issue.excerpt ? text.indexOf(issue.excerpt) : -1;
    return { id: `i${i + 1}`, ...issue, position: start >= 0 ? { start, end: start + issue.excerpt.length } : null };
  });
  const checks = liveReviewChecks({
    text,
    language: input.language,
    stageData: input.stageData,
    bannedTerms,
    variant: variant ? { platform: variant.platform, articleText: input.article.content } : undefined,
  });
  const review = {
    score: output.score,
    summary: output.summary,
    issues,
    checks,
    reviewedVersion: input.article.version,
    variantId: variant?.id ?? null,
    variantVersion: variant?.version ?? null,
  };
  return {
    result: { score: output.score, issues: issues.length, checks: checks.map((c) => ({ id: c.id, passed: c.passed })), variantId: variant?.id ?? null },
    stageData: review,
    events: [
      {
        type: "review.completed",
        data: { score: output.score, issues: issues.length, failedChecks: checks.filter((c) => !c.passed).map((c) => c.id), variantId: variant?.id ?? null },
      },
    ],
    currentStep: t("agentSteps.reviewComplete"),
  };
}

/** The paragraph (blank-line separated) around a passage: context for the model, never rewritten. */
function paragraphAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf("\n\n", start);
  const to = text.indexOf("\n\n", end);
  return text.slice(from < 0 ? 0 : from + 2, to < 0 ? text.length : to).slice(0, 2000);
}

/**
 * The chosen issues' passages in the current text, or a 422: an unknown id, an excerpt no longer in the text
 * (or overlapping another chosen fix), or a review that was of a variant. Also apply_fixes' precheck.
 */
export function locateChosenFixes({ issueIds, stageData, text }: { issueIds: string[]; stageData: StageData; text: string }) {
  const review = stageData.review;
  const issues = review?.issues ?? [];
  const unknown = issueIds.filter((id) => !issues.some((i) => i.id === id));
  if (unknown.length) {
    throw new AppError("validation_failed", `Unknown issue ids: ${unknown.join(", ")}`, {
      details: [{ field: "parameters.issueIds", message: "unknown ids" }],
    });
  }
  if (review?.variantId) {
    throw new AppError("wrong_stage", "The last review was of a platform variant: edit the variant, or review the article before applying fixes to it");
  }
  const { located, refused } = locateFixes(
    issues.filter((i) => issueIds.includes(i.id)),
    text,
  );
  if (refused.length) {
    throw new AppError("validation_failed", `These issues' passages are not in the current text (or overlap another fix): ${refused.join(", ")}`, {
      details: refused.map((id) => ({ field: "parameters.issueIds", message: `${id}: excerpt not found in the current text` })),
    });
  }
  return located;
}

export async function applyFixes(input: AgentInput<{ issueIds: string[] }>): Promise<AgentOutput<StageSlice<"review">>> {
  const t = getTranslator(input.language);
  const p = input.parameters;
  const text = input.article.content;
  const located = locateChosenFixes({ issueIds: p.issueIds, stageData: input.stageData, text });
  const review = input.stageData.review;
  const issues = review?.issues ?? [];
  const replacements: { issueId: string; start: number; end: number; text: string }[] = [];
  for (const [n, fix] of located.entries()) {
    await input.progress(10 + Math.round((n / located.length) * 80), t("agentSteps.applyingFixes"), 5 * (located.length - n));
    const passage = text.slice(fix.start, fix.end);
    const rewritten = await streamProse({
      ctx: input.call,
      instructions: INSTRUCTIONS.review,
      prompt: fixPassagePrompt({ passage, suggestion: fix.issue.suggestion, context: paragraphAround(text, fix.start, fix.end), language: input.language }),
      expectedOutputTokens: tokensForLength(countLength(passage, input.language) * 2 + 20, input.language),
    });
    replacements.push({ issueId: fix.issue.id, start: fix.start, end: fix.end, text: keepSurroundingWhitespace(passage, rewritten) });
  }
  const content = spliceReplacements(text, replacements);
  const updated = issues.map((i) => (p.issueIds.includes(i.id) ? { ...i, applied: true } : i));
  return {
    result: { applied: p.issueIds, replacements },
    stageData: { ...review, issues: updated },
    article: { content, note: `fixes ${p.issueIds.join(", ")}` },
    events: [{ type: "draft.completed", data: { fixes: p.issueIds } }],
    currentStep: t("agentSteps.fixesApplied"),
  };
}
