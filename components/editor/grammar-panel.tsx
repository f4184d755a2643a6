"use client";
// The grammar check's list of issues (under the toolbar) and the popover for an underlined issue.
import { type EditorStrings, fill, type IssueRow } from "@/components/editor/editor-shared";

const fixLabel = (issue: IssueRow, e: EditorStrings) =>
  issue.replacement ? fill(e.replaceWith, { text: issue.replacement }) : fill(e.deleteText, { text: issue.excerpt });

interface GrammarPanelProps {
  e: EditorStrings;
  openIssues: IssueRow[];
  located: (id: string) => boolean;
  onApply: (id: string) => void;
  onIgnore: (id: string) => void;
  onClose: () => void;
}

export function GrammarPanel({ e, openIssues, located, onApply, onIgnore, onClose }: GrammarPanelProps) {
  return (
    <section aria-label={e.checkGrammar} className="border-b border-slate-200 bg-rose-50/40 px-3 py-2 text-sm" data-testid="grammar-panel">
      <div className="flex items-center justify-between">
        <p role="status" className="font-medium text-slate-700" data-testid="grammar-summary">
          {openIssues.length ? fill(e.grammarFound, { n: openIssues.length }) : e.grammarNone}
        </p>
        <button type="button" className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100" onClick={onClose} data-testid="grammar-close">
          {e.closeIssues}
        </button>
      </div>
      {openIssues.length > 0 && (
        <ul className="mt-1 max-h-48 space-y-1 overflow-auto">
          {openIssues.map((issue) => {
            const here = located(issue.id);
            return (
              <li key={issue.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-1" data-testid="grammar-issue">
                <span className="text-rose-800 line-through decoration-rose-400">
                  {issue.excerpt.length > 60 ? `${issue.excerpt.slice(0, 60)}…` : issue.excerpt}
                </span>
                <span className="text-slate-600">{issue.message}</span>
                {!here && <span className="text-xs text-slate-600">({e.notLocated})</span>}
                {here && (
                  <button
                    type="button"
                    onClick={() => onApply(issue.id)}
                    className="rounded bg-emerald-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-emerald-500"
                    data-testid={`grammar-apply-${issue.id}`}
                  >
                    {fixLabel(issue, e)}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => onIgnore(issue.id)}
                  className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100"
                  data-testid={`grammar-ignore-${issue.id}`}
                >
                  {e.ignore}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

interface GrammarPopoverProps {
  e: EditorStrings;
  issue: IssueRow;
  top: number;
  left: number;
  onApply: (id: string) => void;
  onIgnore: (id: string) => void;
}

export function GrammarPopover({ e, issue, top, left, onApply, onIgnore }: GrammarPopoverProps) {
  return (
    <div
      role="dialog"
      aria-label={issue.message}
      className="absolute z-30 w-72 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg"
      style={{ top, left }}
      data-testid="grammar-popover"
    >
      <p className="text-slate-700">{issue.message}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => onApply(issue.id)}
          className="rounded bg-emerald-600 px-2 py-1 text-xs font-semibold text-white hover:bg-emerald-500"
          data-testid="grammar-popover-apply"
        >
          {fixLabel(issue, e)}
        </button>
        <button
          type="button"
          onClick={() => onIgnore(issue.id)}
          className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100"
          data-testid="grammar-popover-ignore"
        >
          {e.ignore}
        </button>
      </div>
    </div>
  );
}
