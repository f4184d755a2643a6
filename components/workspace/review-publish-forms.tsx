"use client";
import { useMessages, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { ScrollPane } from "@/components/workspace/scroll-pane";
import type { ArticleSnapshot, Run } from "@/components/workspace/stage-forms";
import { primary, secondary, small } from "@/components/workspace/styles";
import { describeCheck } from "@/lib/genflow/checks/messages";
import type { ReviewIssue, StageData } from "@/lib/genflow/stage-data";

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

export function ReviewForms({ stageData, article, run, busy }: { stageData: StageData; article: ArticleSnapshot; run: Run; busy: boolean }) {
  const t = useTranslations();
  const messages = useMessages();

  const review = stageData.review ?? {};
  const [chosen, setChosen] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [jumpTick, setJumpTick] = useState(0);
  const markRef = useRef<HTMLElement | null>(null);
  const all = review.issues ?? [];
  const open = all.filter((i) => !i.applied);
  const applied = all.length - open.length;
  const groups: Record<string, ReviewIssue[]> = {};
  for (const issue of open) groups[issue.type] = [...(groups[issue.type] ?? []), issue];
  const activeIssue = open.find((i) => i.id === active) ?? null;
  const range = activeIssue ? locate(article.content, activeIssue) : null;
  // Only issues still open can be chosen: drop ids that were applied since.
  const chosenOpen = chosen.filter((id) => open.some((i) => i.id === id));

  // biome-ignore lint/correctness/useExhaustiveDependencies: a jump (even to the same issue) scrolls again.
  useEffect(() => {
    if (!active || !markRef.current) return;
    markRef.current.scrollIntoView({ block: "center", behavior: "smooth" });
    markRef.current.focus({ preventScroll: true });
  }, [active, jumpTick]);

  return (
    <div className="space-y-3 text-sm">
      <button type="button" disabled={busy} onClick={() => run("review_article")} className={primary} data-testid="action-review_article">
        {t("runReview")}
      </button>
      {review.score !== undefined && (
        <div data-testid="review-result" className="grid gap-4 md:grid-cols-2">
          <div className="min-w-0 space-y-3">
            <p>
              {t("score")}: <strong data-testid="review-score">{review.score}</strong> — {review.summary}
            </p>
            {review.checks && review.checks.length > 0 && (
              <section aria-labelledby="review-checks-heading">
                <h3 id="review-checks-heading" className="text-xs font-semibold uppercase text-slate-500">
                  {t("checks")}
                </h3>
                <ul className="mt-1 space-y-0.5" data-testid="review-checks">
                  {review.checks.map((c) => (
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
                              onClick={() => {
                                setActive(issue.id);
                                setJumpTick((n) => n + 1);
                              }}
                              className={small}
                              data-testid={`jump-${issue.id}`}
                            >
                              {t("jumpToText")}
                            </button>
                          )}
                          {issue.excerpt && !found && <span className="text-xs text-slate-500">{t("excerptMissing")}</span>}
                          <button
                            type="button"
                            disabled={busy}
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
                  disabled={busy}
                  onClick={() => run("apply_fixes", { issueIds: open.map((i) => i.id) })}
                  className={secondary}
                  data-testid="apply-all"
                >
                  {t("applyAll", { n: String(open.length) })}
                </button>
              </div>
            )}
            {applied > 0 && (
              <p className="text-xs text-slate-500" data-testid="applied-count">
                {t("appliedCount", { n: applied })}
              </p>
            )}
          </div>
          <ScrollPane
            title={t("articleText")}
            className="self-start md:sticky md:top-4"
            bodyClassName="max-h-[32rem] whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-800"
            testId="review-preview"
          >
            {range ? (
              <>
                {article.content.slice(0, range.start)}
                <mark
                  ref={markRef}
                  tabIndex={-1}
                  className="rounded-sm bg-yellow-200 px-0.5 text-slate-900 underline decoration-yellow-700 decoration-2 underline-offset-2"
                  data-testid="review-mark"
                  data-issue={activeIssue?.id}
                >
                  {article.content.slice(range.start, range.end)}
                </mark>
                {article.content.slice(range.end)}
              </>
            ) : (
              article.content
            )}
          </ScrollPane>
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

/** The Markdown export, as `GET /articles/{id}/export?format=md` writes it. */
export function toMarkdown(article: Pick<ArticleSnapshot, "title" | "content">): string {
  return `${`# ${article.title}\n\n${article.content}`.trimEnd()}\n`;
}

export function PublishForms({
  article,
  html,
  run,
  busy,
  completedAt,
  locale,
}: {
  article: ArticleSnapshot;
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
    let text = what === "md" ? toMarkdown(article) : html;
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
      <section className="rounded-md border border-slate-200" aria-labelledby="publish-preview-heading">
        <h3 id="publish-preview-heading" className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-semibold text-slate-600">
          {t("publishPreview")}
        </h3>
        {html === null ? (
          <p className="p-4 text-slate-500">{t("loading")}</p>
        ) : (
          <article
            className="max-w-none space-y-3 p-4 leading-relaxed text-slate-800 [&_a]:text-indigo-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:text-2xl [&_h1]:font-bold [&_h2]:mt-5 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:text-lg [&_h3]:font-semibold [&_img]:max-w-full [&_ol]:list-decimal [&_ol]:pl-6 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_table]:border-collapse [&_td]:border [&_td]:border-slate-300 [&_td]:px-2 [&_th]:border [&_th]:border-slate-300 [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-6"
            data-testid="publish-preview"
            // Sanitized on the server by renderMarkdownToHtml (sanitize-html), the same HTML the export serves.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitized HTML
            dangerouslySetInnerHTML={{ __html: html }}
          />
        )}
      </section>
    </div>
  );
}
