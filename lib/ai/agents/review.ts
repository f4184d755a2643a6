// Review stage: review_article (model issues + computed checks) and apply_fixes (a new revision).
import "server-only";
import { getTranslator } from "@/lib/i18n";
import type { AgentInput, AgentOutput } from "@/lib/ai/agents/types";
import { storedSources } from "@/lib/ai/agents/writing";
import { generateStructured, streamProse } from "@/lib/ai/call";
import { fixesPrompt, INSTRUCTIONS, reviewPrompt, tokensForLength } from "@/lib/ai/prompts/stages";
import { countLength } from "@/lib/genflow/checks/length";
import { reviewOutput } from "@/lib/ai/schemas";
import { AppError } from "@/lib/errors";
import { computeReviewChecks } from "@/lib/genflow/checks/review-checks";
import type { ReviewIssue, StageSlice } from "@/lib/genflow/stage-data";

export async function reviewArticle(input: AgentInput<unknown>): Promise<AgentOutput<StageSlice<"review">>> {
  const t = getTranslator(input.language);
  const text = input.article.content;
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
  const checks = computeReviewChecks({
    text,
    language: input.language,
    sourceNumbers: sources.map((s) => s.number),
    outlineTitles: (input.stageData.research?.outline ?? []).map((s) => s.title),
    targetLength: input.stageData.writing?.targetLength,
    bannedTerms,
  });
  const review = { score: output.score, summary: output.summary, issues, checks, reviewedVersion: input.article.version };
  return {
    result: { score: output.score, issues: issues.length, checks: checks.map((c) => ({ id: c.id, passed: c.passed })) },
    stageData: review,
    events: [
      { type: "review.completed", data: { score: output.score, issues: issues.length, failedChecks: checks.filter((c) => !c.passed).map((c) => c.id) } },
    ],
    currentStep: t("agentSteps.reviewComplete"),
  };
}

export async function applyFixes(input: AgentInput<{ issueIds: string[] }>): Promise<AgentOutput<StageSlice<"review">>> {
  const t = getTranslator(input.language);
  const p = input.parameters;
  const review = input.stageData.review;
  const issues = review?.issues ?? [];
  const chosen = issues.filter((i) => p.issueIds.includes(i.id));
  const unknown = p.issueIds.filter((id) => !issues.some((i) => i.id === id));
  if (unknown.length) {
    throw new AppError("validation_failed", `Unknown issue ids: ${unknown.join(", ")}`, {
      details: [{ field: "parameters.issueIds", message: "unknown ids" }],
    });
  }
  await input.progress(10, t("agentSteps.applyingFixes"), 20);
  const content = await streamProse({
    ctx: input.call,
    instructions: INSTRUCTIONS.review,
    prompt: fixesPrompt({ text: input.article.content, language: input.language, fixes: chosen }),
    onDelta: input.delta,
    expectedOutputTokens: tokensForLength(countLength(input.article.content, input.language), input.language),
  });
  const updated = issues.map((i) => (p.issueIds.includes(i.id) ? { ...i, applied: true } : i));
  return {
    result: { applied: p.issueIds },
    stageData: { ...review, issues: updated },
    article: { content, note: `fixes ${p.issueIds.join(", ")}` },
    events: [{ type: "draft.completed", data: { fixes: p.issueIds } }],
    currentStep: t("agentSteps.fixesApplied"),
  };
}
