"use client";
// Review and publish controls for the rail. The article itself is shown once, in the editor: "Jump to text"
// highlights the passage there, and publishing needs no preview beside the document.
import { useMessages, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { clearDocumentHighlight, highlightInDocument } from "@/components/workspace/editor-highlight";
import type { ArticleSnapshot, Run } from "@/components/workspace/stage-forms";
import { primary, secondary, small } from "@/components/workspace/styles";
import { documentMarkdown } from "@/lib/genflow/checks/citations";
import { isFixApplicable } from "@/lib/genflow/checks/fixes";
import { liveReviewChecks } from "@/lib/genflow/checks/live-checks";
import { describeCheck } from "@/lib/genflow/checks/messages";
import type { ReviewIssue, StageData } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

const SEVERITY_CLASS: Record<string, string> = {
  high: "border-red-300 bg-red-50 text-red-800",
  medium: "border-amber-300 bg-amber-50 text-amber-900",
  low: "border-slate-300 bg-slate-50 text-slate-700",
};

/** Where the excerpt is in the current text: by its text first (the text may have moved since the review). */
function locate(content: string, issue: ReviewIssue): { start: number; end: number } | null {
  if (!issue.excerpt) return null;
  const start = content.indexOf(issue.excerpt);
  if (start >= 0) return { start, end: start + issue.excerpt.length };
  const trimmed = issue.excerpt.trim();
  const again = trimmed ? content.indexOf(trimmed) : -1;
  return again >= 0 ? { start: again, end: again + trimmed.length } : null;
}

export function ReviewForms({
  stageData,
  article,
  language,
  run,
  busy,
}: {
  stageData: StageData;
  article: ArticleSnapshot;
  language: Locale;
  run: Run;
  busy: boolean;
}) {
  const t = useTranslations();
  const messages = useMessages();

  const review = stageData.review ?? {};
  // The computed checks follow the saved text as the writer edits (no model call); a variant's review keeps
  // the checks it was given, since the editor shows the article, not the variant.
  const checks = review.variantId ? (review.checks ?? []) : review.score !== undefined ? liveReviewChecks({ text: article.content, language, stageData }) : [];
  const [chosen, setChosen] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const all = review.issues ?? [];
  const open = all.filter((i) => !i.applied);
  const applied = all.length - open.length;
  const groups: Record<string, ReviewIssue[]> = {};
  for (const issue of open) groups[issue.type] = [...(groups[issue.type] ?? []), issue];
  // Only issues still open can be chosen: drop ids that were applied since.
  const chosenOpen = chosen.filter((id) => open.some((i) => i.id === id && isFixApplicable(i, article.content)));
  // A fix whose passage is gone from the text cannot be applied (the server refuses it the same way).
  const applicable = open.filter((i) => isFixApplicable(i, article.content));

  // The highlight belongs to this stage: it goes when the review controls do.
  useEffect(() => clearDocumentHighlight, []);

  return (
    <div className="space-y-3 text-sm">
      <button type="button" disabled={busy} onClick={() => run("review_article")} className={primary} data-testid="action-review_article">
        {t("runReview")}
      </button>
      {review.score !== undefined && (
        <div data-testid="review-result">
          <div className="min-w-0 space-y-3">
            <p>
              {t("score")}: <strong data-testid="review-score">{review.score}</strong> — {review.summary}
            </p>
            {checks.length > 0 && (
              <section aria-labelledby="review-checks-heading">
                <h3 id="review-checks-heading" className="text-xs font-semibold uppercase text-slate-500">
                  {t("checks")}
                </h3>
                <ul className="mt-1 space-y-0.5" data-testid="review-checks">
                  {checks.map((c) => (
                    <li key={c.id} className={c.passed ? "text-green-700" : "text-amber-800"} data-passed={c.passed}>
                      <span aria-hidden="true">{c.passed ? "✓" : "!"}</span> <span className="sr-only">{c.passed ? t("checkPassed") : t("checkFailed")}: </span>
                      {describeCheck(c, messages.checkMessages)}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {open.length === 0 && (
              <p className="text-slate-600" data-testid="no-open-issues">
                {t("noOpenIssues")}
              </p>
            )}
            {Object.entries(groups).map(([type, issues]) => (
              <fieldset key={type} className="rounded border border-slate-200 p-2" data-testid={`issue-group-${type}`}>
                <legend className="px-1 text-xs font-semibold uppercase text-slate-500">
                  {messages.issueTypes[type as keyof typeof messages.issueTypes] ?? type} ({issues.length})
                </legend>
                <ul className="divide-y divide-slate-100">
                  {issues.map((issue) => {
                    const found = locate(article.content, issue) !== null;
                    return (
                      <li key={issue.id} className={`space-y-1 py-2 ${active === issue.id ? "bg-yellow-50" : ""}`} data-testid={`issue-row-${issue.id}`}>
                        <label className="flex gap-2">
                          <input
                            type="checkbox"
                            checked={chosenOpen.includes(issue.id)}
                            disabled={!isFixApplicable(issue, article.content)}
                            onChange={(e) => setChosen((c) => (e.target.checked ? [...c, issue.id] : c.filter((x) => x !== issue.id)))}
                            data-testid={`issue-${issue.id}`}
                            className="mt-1"
                          />
                          <span className="min-w-0">
                            {issue.excerpt && <q className="italic">{issue.excerpt}</q>}
                            <span className="block">
                              <span className="text-slate-500">{t("suggestion")}:</span> {issue.suggestion}
                            </span>
                          </span>
                        </label>
                        <div className="flex flex-wrap items-center gap-2 pl-6">
                          <span className={`rounded border px-1.5 text-xs ${SEVERITY_CLASS[issue.severity] ?? SEVERITY_CLASS.low}`}>
                            {messages.severity[issue.severity as keyof typeof messages.severity] ?? issue.severity}
                          </span>
                          {issue.excerpt && (
                            <button
                              type="button"
                              disabled={!found}
                              title={found ? undefined : t("excerptMissing")}
                              onClick={() => setActive(highlightInDocument(issue.excerpt) ? issue.id : null)}
                              className={small}
                              data-testid={`jump-${issue.id}`}
                            >
                              {t("jumpToText")}
                            </button>
                          )}
                          {issue.excerpt && !found && <span className="text-xs text-slate-500">{t("excerptMissing")}</span>}
                          <button
                            type="button"
                            disabled={busy || !isFixApplicable(issue, article.content)}
                            title={isFixApplicable(issue, article.content) ? undefined : t("excerptMissing")}
                            onClick={() => run("apply_fixes", { issueIds: [issue.id] })}
                            className={small}
                            data-testid={`apply-${issue.id}`}
                          >
                            {t("applyOne")}
                          </button>
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            ))}
            {open.length > 0 && (
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  disabled={busy || chosenOpen.length === 0}
                  onClick={() => run("apply_fixes", { issueIds: chosenOpen })}
                  className={secondary}
                  data-testid="apply-selected"
                >
                  {t("applySelected", { n: String(chosenOpen.length) })}
                </button>
                <button
                  type="button"
                  disabled={busy || applicable.length === 0}
                  onClick={() => run("apply_fixes", { issueIds: applicable.map((i) => i.id) })}
                  className={secondary}
                  data-testid="apply-all"
                >
                  {t("applyAll", { n: String(applicable.length) })}
                </button>
              </div>
            )}
            {applied > 0 && (
              <p className="text-xs text-slate-500" data-testid="applied-count">
                {t("appliedCount", { n: applied })}
              </p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the older way
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function PublishForms({
  article,
  stageData,
  language,
  html,
  run,
  busy,
  completedAt,
  locale,
}: {
  article: ArticleSnapshot;
  stageData: StageData;
  /** The article's language (its references heading); `locale` is the interface's. */
  language: Locale;
  html: string | null;
  run: Run;
  busy: boolean;
  completedAt?: string;
  locale: "en" | "zh";
}) {
  const t = useTranslations();

  const [copied, setCopied] = useState<{ ok: boolean; what: string } | null>(null);
  const exportUrl = (format: "md" | "html") => `/api/genflow/articles/${article.id}/export?format=${format}`;

  async function copy(what: "md" | "html") {
    setCopied(null);
    // The Markdown export, as `GET /articles/{id}/export?format=md` writes it: title, text, references.
    const markdown = () => documentMarkdown({ title: article.title, content: article.content, sources: stageData.research?.sources ?? [], language });
    let text = what === "md" ? markdown() : html;
    if (text === null) {
      const res = await fetch(exportUrl(what), { cache: "no-store" });
      text = res.ok ? await res.text() : "";
    }
    setCopied({ ok: Boolean(text) && (await copyText(text)), what });
  }

  const published = completedAt
    ? new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" }).format(new Date(completedAt))
    : null;

  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <a href={exportUrl("md")} className={secondary} data-testid="export-md" download>
          {t("downloadMd")}
        </a>
        <button type="button" onClick={() => void copy("md")} className={secondary} data-testid="copy-md">
          {t("copyMd")}
        </button>
        <a href={exportUrl("html")} className={secondary} data-testid="export-html" download>
          {t("downloadHtml")}
        </a>
        <button type="button" onClick={() => void copy("html")} className={secondary} data-testid="copy-html">
          {t("copyHtml")}
        </button>
        <span className="grow" />
        {published ? (
          <span className="rounded-md bg-emerald-50 px-3 py-1.5 font-semibold text-emerald-800" data-testid="published">
            ✓ {t("publishedOn", { date: published })}
          </span>
        ) : (
          <button type="button" disabled={busy} onClick={() => run("complete")} className={primary} data-testid="action-complete">
            {t("markPublished")}
          </button>
        )}
      </div>
      <p role="status" className="min-h-5 text-xs" data-testid="copy-status">
        {copied && (
          <span className={copied.ok ? "text-emerald-800" : "text-red-700"}>
            {copied.ok ? `${copied.what === "md" ? "Markdown" : "HTML"}: ${t("copied")}` : t("copyFailed")}
          </span>
        )}
      </p>
    </div>
  );
}
