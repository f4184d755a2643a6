"use client";
// The overlaps of a merge with a version saved elsewhere: everything else is already merged; for each overlap
// the writer keeps theirs or their own (their own is what the editor shows meanwhile).
import { useMessages } from "next-intl";
import type { Conflict } from "@/components/editor/autosave-types";

export function MergePanel({
  conflict,
  onChoose,
  onDone,
}: {
  conflict: Conflict;
  onChoose: (id: string, choice: "mine" | "theirs") => void;
  onDone: () => void;
}) {
  const s = useMessages().proposals;
  const rows = [
    ...(conflict.titleOverlap ? [{ id: "title", label: s.titleConflict, mine: conflict.titleOverlap.mine, theirs: conflict.titleOverlap.theirs }] : []),
    ...conflict.overlaps.map((o) => ({ id: o.id, label: null, mine: o.proposed, theirs: o.current })),
  ];
  return (
    <div role="alert" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="conflict-banner">
      <div>
        <p className="font-semibold">{s.mergeTitle}</p>
        <p>{s.mergeBody}</p>
      </div>
      <ol className="space-y-2">
        {rows.map((row) => {
          const choice = conflict.choices[row.id] ?? "mine";
          return (
            <li key={row.id} className="rounded-md border border-amber-200 bg-white p-2" data-testid="merge-overlap" data-choice={choice}>
              {row.label && <p className="mb-1 text-xs font-semibold text-slate-600">{row.label}</p>}
              <div className="grid gap-2 sm:grid-cols-2">
                <p className="whitespace-pre-wrap break-words">
                  <span className="block text-xs font-semibold text-slate-600">{s.yours}</span>
                  <span data-testid="merge-mine">{row.mine || "—"}</span>
                </p>
                <p className="whitespace-pre-wrap break-words">
                  <span className="block text-xs font-semibold text-slate-600">{s.theirs}</span>
                  <span data-testid="conflict-theirs-content">{row.theirs || "—"}</span>
                </p>
              </div>
              <fieldset className="mt-2 flex flex-wrap gap-2">
                <legend className="sr-only">{row.label ?? s.conflict}</legend>
                <button
                  type="button"
                  aria-pressed={choice === "mine"}
                  onClick={() => onChoose(row.id, "mine")}
                  className="rounded border border-amber-500 px-2 py-0.5 text-xs font-semibold aria-pressed:bg-amber-600 aria-pressed:text-white"
                  data-testid="conflict-keep-mine"
                >
                  {s.keepMine}
                </button>
                <button
                  type="button"
                  aria-pressed={choice === "theirs"}
                  onClick={() => onChoose(row.id, "theirs")}
                  className="rounded border border-amber-500 px-2 py-0.5 text-xs font-semibold aria-pressed:bg-amber-600 aria-pressed:text-white"
                  data-testid="conflict-take-theirs"
                >
                  {s.takeTheirs}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={onDone}
        className="rounded-md bg-amber-600 px-3 py-1.5 font-semibold text-white hover:bg-amber-500"
        data-testid="conflict-done"
      >
        {s.finishMerge}
      </button>
    </div>
  );
}
