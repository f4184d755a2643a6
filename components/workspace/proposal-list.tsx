"use client";
// The side rail's list of pending AI changes: per proposal, accept all / reject all, and per change accept or
// reject (decisions are applied together as one revision once every change is decided, or on "Apply").
// A change that overlaps the writer's edits shows both sides. The same store drives the marks in the document.
import { useMessages } from "next-intl";
import type { ArticleProposal } from "@/components/workspace/proposal-client";
import type { ProposalChange } from "@/lib/genflow/merge";
import { slide } from "@/components/editor/proposal-text";
import { changeKey, type Decision, useProposals } from "@/components/workspace/proposal-store";

type Strings = ReturnType<typeof useMessages>["proposals"];

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
const short = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : flat;
};

export function proposalLabel(p: Pick<ArticleProposal, "source" | "action">, s: Strings): string {
  if (p.source === "variant") return s.actions.variant;
  const actions: Record<string, string> = s.actions;
  return (p.action && actions[p.action]) || s.actions.other;
}

export interface ProposalListProps {
  articleId: string;
  locale: "en" | "zh";
  /** Called after a proposal was resolved (accepted or rejected), e.g. to refresh the review's checks. */
  onResolved?: () => void;
}

export function ProposalList({ articleId, locale, onResolved }: ProposalListProps) {
  const s = useMessages().proposals;
  const { state, store } = useProposals(articleId);
  const when = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { hour: "2-digit", minute: "2-digit" });
  const after = (work: Promise<unknown>) => void work.then(() => onResolved?.());
  // The text the editor shows: an insertion reads as in the document ("… end. Added." rather than "… end[. Added].").
  const shown = store.host?.stored();

  if (!state.loaded) {
    return (
      <p className="text-sm text-slate-500" aria-busy="true" data-testid="proposal-list-loading">
        {s.loading}
      </p>
    );
  }
  return (
    <section aria-labelledby="proposal-list-title" className="space-y-3" data-testid="proposal-list" aria-busy={state.busy !== null}>
      <h2 id="proposal-list-title" className="text-sm font-semibold text-slate-800">
        {s.title}
      </h2>
      {state.error && (
        <p role="alert" className="rounded-md bg-amber-50 px-2 py-1.5 text-sm text-amber-900" data-testid="proposal-error">
          {state.error.kind === "changed" ? s.changed : fill(s.failed, { m: state.error.message ?? "" })}
        </p>
      )}
      {state.proposals.length === 0 && (
        <p className="text-sm text-slate-500" data-testid="proposal-list-empty">
          {s.empty}
        </p>
      )}
      {state.proposals.map((p) => {
        const decisions = state.decisions[p.id] ?? {};
        const accepted = Object.values(decisions).filter((d) => d === "accept").length;
        const conflicts = p.changes.filter((c) => c.kind === "conflict").length;
        const busy = state.busy !== null;
        return (
          <article key={p.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="proposal" data-proposal-id={p.id}>
            <header className="space-y-0.5">
              <p className="text-sm font-semibold text-slate-800">{fill(s.from, { what: proposalLabel(p, s), when: when.format(new Date(p.createdAt)) })}</p>
              <p className="text-xs text-slate-500">
                {fill(s.changes, { n: p.changes.length })}
                {conflicts > 0 && <span className="text-amber-700"> · {fill(s.conflicts, { n: conflicts })}</span>}
                {p.model && <span> · {p.model}</span>}
              </p>
            </header>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                disabled={busy}
                onClick={() => after(store.acceptAll(p.id))}
                className="rounded-md bg-emerald-600 px-2.5 py-1 text-sm font-semibold text-white hover:bg-emerald-500 disabled:opacity-50"
                data-testid="proposal-accept-all"
              >
                {conflicts > 0 ? s.acceptAllClean : s.acceptAll}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => after(store.rejectAll(p.id))}
                className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
                data-testid="proposal-reject-all"
              >
                {s.rejectAll}
              </button>
              {Object.keys(decisions).length > 0 && accepted > 0 && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => after(store.apply(p.id))}
                  className="rounded-md border border-emerald-600 px-2.5 py-1 text-sm font-medium text-emerald-800 hover:bg-emerald-50 disabled:opacity-50"
                  data-testid="proposal-apply"
                >
                  {fill(s.applyDecisions, { n: accepted })}
                </button>
              )}
            </div>
            {state.overlapsLeft?.proposalId === p.id && (
              <p role="alert" className="rounded-md bg-amber-50 px-2 py-1.5 text-sm text-amber-900" data-testid="proposal-overlaps-left">
                {fill(s.overlapsLeft, { n: state.overlapsLeft.n })}
              </p>
            )}
            {state.busy === p.id && (
              <p role="status" className="text-xs text-slate-500">
                {s.working}
              </p>
            )}
            <ol className="space-y-2">
              {p.changes.map((c) => (
                <ChangeRow
                  key={c.id}
                  change={shown?.version === p.currentVersion ? slide(c, shown.content) : c}
                  s={s}
                  decision={decisions[changeKey(c)] ?? null}
                  disabled={busy}
                  onDecide={(d) => store.decide(p.id, changeKey(c), d)}
                />
              ))}
            </ol>
          </article>
        );
      })}
    </section>
  );
}

function ChangeRow({
  change,
  s,
  decision,
  disabled,
  onDecide,
}: {
  change: ProposalChange;
  s: Strings;
  decision: Decision | null;
  disabled: boolean;
  onDecide: (d: Decision | null) => void;
}) {
  const kind = { insert: s.insert, delete: s.delete, replace: s.replace, conflict: s.conflict }[change.kind];
  const summary = short(change.proposed || change.current);
  return (
    <li
      className={`rounded-md border p-2 text-sm ${change.kind === "conflict" ? "border-amber-300 bg-amber-50/60" : "border-slate-200"}`}
      data-testid="proposal-change-row"
      data-change-id={change.id}
      data-kind={change.kind}
      data-decision={decision ?? "none"}
    >
      <p className="mb-1 text-xs font-semibold text-slate-500">{kind}</p>
      {change.kind === "conflict" ? (
        <div className="grid gap-1">
          <p>
            <span className="mr-1 text-xs font-semibold text-slate-600">{s.yours}:</span>
            <span className="whitespace-pre-wrap" data-testid="conflict-yours">
              {change.current}
            </span>
          </p>
          <p>
            <span className="mr-1 text-xs font-semibold text-slate-600">{s.ai}:</span>
            <span className="whitespace-pre-wrap" data-testid="conflict-ai">
              {change.proposed}
            </span>
          </p>
        </div>
      ) : (
        <p className="whitespace-pre-wrap break-words">
          {change.current && <del className="bg-red-50 text-red-800">{short(change.current, 200)}</del>}
          {change.current && change.proposed && " "}
          {change.proposed && <ins className="bg-emerald-50 text-emerald-900 no-underline">{short(change.proposed, 200)}</ins>}
        </p>
      )}
      <fieldset className="mt-1.5 flex gap-2">
        <legend className="sr-only">{kind}</legend>
        <button
          type="button"
          disabled={disabled}
          aria-pressed={decision === "accept"}
          aria-label={fill(s.acceptChange, { text: summary })}
          onClick={() => onDecide(decision === "accept" ? null : "accept")}
          className="rounded border border-emerald-600 px-2 py-0.5 text-xs font-medium text-emerald-800 aria-pressed:bg-emerald-600 aria-pressed:text-white disabled:opacity-50"
          data-testid="proposal-change-accept"
        >
          {decision === "accept" && <span aria-hidden="true">✓ </span>}
          {s.accept}
        </button>
        <button
          type="button"
          disabled={disabled}
          aria-pressed={decision === "reject"}
          aria-label={fill(s.rejectChange, { text: summary })}
          onClick={() => onDecide(decision === "reject" ? null : "reject")}
          className="rounded border border-slate-400 px-2 py-0.5 text-xs font-medium text-slate-700 aria-pressed:bg-slate-600 aria-pressed:text-white disabled:opacity-50"
          data-testid="proposal-change-reject"
        >
          {decision === "reject" && <span aria-hidden="true">✕ </span>}
          {s.reject}
        </button>
      </fieldset>
    </li>
  );
}
