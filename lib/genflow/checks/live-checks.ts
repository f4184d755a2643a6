// The review's computed checks for whatever text the writer has now, from the session's stageData: what the
// editor shows after every change, without a model call. Pure and client-safe; review_article computes the
// same checks with the same inputs.
import { PLATFORM_RULES } from "@/lib/ai/platforms";
import { citedNumbers } from "@/lib/genflow/checks/citations";
import { type ComputedCheck, computeReviewChecks } from "@/lib/genflow/checks/review-checks";
import type { StageData } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

export function liveReviewChecks({
  text,
  language,
  stageData,
  bannedTerms = [],
  variant,
}: {
  text: string;
  language: Locale;
  stageData: StageData;
  bannedTerms?: string[];
  /** Checking a platform variant: its platform, and the article text it was made from (for lost citations). */
  variant?: { platform: string; articleText: string };
}): ComputedCheck[] {
  const sources = stageData.research?.sources ?? [];
  const outlineTitles = (stageData.research?.outline ?? []).map((s) => s.title);
  if (!variant) return computeReviewChecks({ text, language, sources, outlineTitles, targetLength: stageData.writing?.targetLength, bannedTerms });
  const rule = PLATFORM_RULES[variant.platform];
  return computeReviewChecks({
    text,
    language,
    sources,
    outlineTitles: rule?.headings ? outlineTitles : [],
    maxLength: rule?.maxLength[language] ?? undefined,
    bannedTerms,
    baselineCitations: citedNumbers(variant.articleText).length,
  });
}
