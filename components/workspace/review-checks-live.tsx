"use client";
// The review's computed checks on the text in the editor now, recomputed as the writer types (no model call),
// and the open review issues with their fix buttons: a fix whose passage is no longer in the text is disabled,
// by the same test the server refuses it with.
import { useMessages, useTranslations } from "next-intl";
import { useDeferredValue, useMemo } from "react";
import { small } from "@/components/workspace/styles";
import { isFixApplicable } from "@/lib/genflow/checks/fixes";
import { liveReviewChecks } from "@/lib/genflow/checks/live-checks";
import { describeCheck } from "@/lib/genflow/checks/messages";
import type { ReviewIssue, StageData } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

export function ReviewChecksLive({
  text,
  language,
  stageData,
  bannedTerms,
  variant,
  onApplyFix,
  busy = false,
}: {
  /** The editor's current text (or the open variant's). */
  text: string;
  language: Locale;
  stageData: StageData;
  bannedTerms?: string[];
  /** Checking a platform variant: its platform and the article text it was made from. */
  variant?: { platform: string; articleText: string };
  /** Runs apply_fixes for these issue ids; without it the issues are listed without buttons. */
  onApplyFix?: (issueIds: string[]) => void;
  busy?: boolean;
}) {
  const t = useTranslations("liveChecks");
  const messages = useMessages();
  // Typing stays fluid: the checks follow the text a beat behind on a long article.
  const current = useDeferredValue(text);
  const checks = useMemo(
    () => liveReviewChecks({ text: current, language, stageData, bannedTerms, variant }),
    [current, language, stageData, bannedTerms, variant],
  );
  const typeName = (type: string) => Object.entries(messages.issueTypes).find(([key]) => key === type)?.[1] ?? type;
  const issues: ReviewIssue[] = (stageData.review?.issues ?? []).filter((i) => !i.applied);
  const fixable = issues.filter((i) => isFixApplicable(i, current));

  return (
    <section aria-labelledby="live-checks-heading" className="space-y-2 text-sm" data-testid="review-checks-live">
      <h3 id="live-checks-heading" className="text-xs font-semibold uppercase text-slate-500">
        {t("heading")}
      </h3>
      <ul className="space-y-0.5" aria-live="polite" data-testid="live-checks">
        {checks.map((c) => (
          <li key={c.id} className={c.passed ? "text-green-700" : "text-amber-800"} data-passed={c.passed} data-check={c.id}>
            <span aria-hidden="true">{c.passed ? "✓" : "!"}</span> <span className="sr-only">{c.passed ? t("passed") : t("failed")}: </span>
            {describeCheck(c, messages.checkMessages)}
          </li>
        ))}
      </ul>
      {issues.length > 0 && (
        <>
          <ul className="space-y-1" data-testid="live-issues">
            {issues.map((issue) => {
              const applicable = fixable.includes(issue);
              return (
                <li key={issue.id} className="rounded border border-slate-200 p-1.5" data-testid={`live-issue-${issue.id}`}>
                  <p>
                    <span className="font-medium">{typeName(issue.type)}</span> · “{issue.excerpt}”
                  </p>
                  <p className="text-slate-600">{issue.suggestion}</p>
                  {onApplyFix && (
                    <button
                      type="button"
                      className={small}
                      disabled={busy || !applicable}
                      aria-describedby={applicable ? undefined : `live-issue-${issue.id}-gone`}
                      onClick={() => onApplyFix([issue.id])}
                      data-testid={`live-fix-${issue.id}`}
                    >
                      {t("fix")}
                    </button>
                  )}
                  {!applicable && (
                    <p id={`live-issue-${issue.id}-gone`} className="text-xs text-slate-500">
                      {t("gone")}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          {onApplyFix && fixable.length > 1 && (
            <button type="button" className={small} disabled={busy} onClick={() => onApplyFix(fixable.map((i) => i.id))} data-testid="live-fix-all">
              {t("fixAll", { n: fixable.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
