"use client";
import { useState } from "react";
import type { Run } from "@/components/workspace/stage-forms";
import type { Dictionary } from "@/lib/i18n";

const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50";
const secondary = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

interface Issue {
  id: string;
  type: string;
  severity: string;
  excerpt: string;
  suggestion: string;
  applied?: boolean;
}

export function ReviewForms({ stageData, run, busy, t }: { stageData: Record<string, unknown>; run: Run; busy: boolean; t: Dictionary }) {
  const review = (stageData.review ?? {}) as { score?: number; summary?: string; issues?: Issue[]; checks?: { id: string; passed: boolean; message: string }[] };
  const [chosen, setChosen] = useState<string[]>([]);
  const open = (review.issues ?? []).filter((i) => !i.applied);
  const groups: Record<string, Issue[]> = {};
  for (const issue of open) groups[issue.type] = [...(groups[issue.type] ?? []), issue];
  return (
    <div className="space-y-3 text-sm">
      <button type="button" disabled={busy} onClick={() => run("review_article")} className={primary} data-testid="action-review_article">
        {t.issues} ↻
      </button>
      {review.score !== undefined && (
        <div data-testid="review-result" className="space-y-2">
          <p>
            {t.score}: <strong data-testid="review-score">{review.score}</strong> — {review.summary}
          </p>
          <ul className="space-y-1">
            {review.checks?.map((c) => (
              <li key={c.id} className={c.passed ? "text-green-700" : "text-amber-700"}>
                {c.passed ? "✓" : "!"} {c.message}
              </li>
            ))}
          </ul>
          {Object.entries(groups).map(([type, issues]) => (
            <fieldset key={type} className="rounded border border-slate-200 p-2">
              <legend className="px-1 text-xs font-semibold uppercase text-slate-500">{type}</legend>
              {issues.map((issue) => (
                <label key={issue.id} className="flex gap-2 py-1">
                  <input type="checkbox" checked={chosen.includes(issue.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, issue.id] : c.filter((x) => x !== issue.id)))} data-testid={`issue-${issue.id}`} />
                  <span>
                    <em>“{issue.excerpt}”</em> → {issue.suggestion} <span className="text-xs text-slate-500">({issue.severity})</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
          {open.length > 0 && (
            <div className="flex gap-2">
              <button type="button" disabled={busy || chosen.length === 0} onClick={() => run("apply_fixes", { issueIds: chosen })} className={secondary} data-testid="apply-selected">
                ✓ {chosen.length}
              </button>
              <button type="button" disabled={busy} onClick={() => run("apply_fixes", { issueIds: open.map((i) => i.id) })} className={secondary} data-testid="apply-all">
                ✓ {open.length}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

export function PublishForms({ articleId, run, busy, completedAt }: { articleId: string; run: Run; busy: boolean; completedAt?: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <a href={`/api/genflow/articles/${articleId}/export?format=md`} className={secondary} data-testid="export-md" download>
        Markdown ↓
      </a>
      <a href={`/api/genflow/articles/${articleId}/export?format=html`} className={secondary} data-testid="export-html" download>
        HTML ↓
      </a>
      <button type="button" disabled={busy || Boolean(completedAt)} onClick={() => run("complete")} className={primary} data-testid="action-complete">
        {completedAt ? "✓" : "Publish"}
      </button>
    </div>
  );
}
