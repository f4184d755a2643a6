"use client";
// A word or line diff between two texts. Removed text is struck through, added text underlined, and both
// carry a screen-reader label, so the difference never rests on colour alone.
import { useTranslations } from "next-intl";
import { type Change, diffLines, diffWords } from "diff";
import { useMemo } from "react";

export type DiffMode = "words" | "lines";

// Past this many edits the word diff gives up (and the line diff takes over): it keeps the page responsive.
const MAX_EDIT_LENGTH = 4000;

function segmenter(): unknown {
  return typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "word" }) : undefined;
}

export function computeDiff(before: string, after: string, mode: DiffMode): { changes: Change[]; mode: DiffMode } {
  if (mode === "words") {
    const words = diffWords(before, after, { intlSegmenter: segmenter(), maxEditLength: MAX_EDIT_LENGTH });
    if (words) return { changes: words, mode: "words" };
  }
  return { changes: diffLines(before, after), mode: "lines" };
}

const removedClass = "rounded-sm bg-red-100 text-red-900 line-through decoration-red-700 decoration-2";
const addedClass = "rounded-sm bg-emerald-100 text-emerald-900 underline decoration-emerald-700 decoration-2 underline-offset-2";

function Removed({ value }: { value: string }) {
  const t = useTranslations();

  return (
    <del className={removedClass} data-diff="removed">
      <span className="sr-only">[{t("diffRemoved")}: </span>
      {value}
      <span className="sr-only">]</span>
    </del>
  );
}

function Added({ value }: { value: string }) {
  const t = useTranslations();

  return (
    <ins className={addedClass} data-diff="added">
      <span className="sr-only">[{t("diffAdded")}: </span>
      {value}
      <span className="sr-only">]</span>
    </ins>
  );
}

/** Inline: both sides in one text. `before` / `after`: one side, its own changes marked (for side by side). */
export function TextDiff({
  before,
  after,
  mode,
  view = "inline",
  testId,
}: {
  before: string;
  after: string;
  mode: DiffMode;
  view?: "inline" | "before" | "after";
  testId?: string;
}) {
  const result = useMemo(() => computeDiff(before, after, mode), [before, after, mode]);
  const lines = result.mode === "lines";
  return (
    <div className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed" data-testid={testId} data-mode={result.mode}>
      {result.changes.map((change, i) => {
        const key = `${i}-${change.count}`;
        if (change.removed) {
          if (view === "after") return null;
          return lines ? (
            <div key={key} className="border-l-4 border-red-500 pl-2">
              <span aria-hidden="true" className="select-none font-mono text-red-700">
                −{" "}
              </span>
              <Removed value={change.value} />
            </div>
          ) : (
            <Removed key={key} value={change.value} />
          );
        }
        if (change.added) {
          if (view === "before") return null;
          return lines ? (
            <div key={key} className="border-l-4 border-emerald-600 pl-2">
              <span aria-hidden="true" className="select-none font-mono text-emerald-700">
                +{" "}
              </span>
              <Added value={change.value} />
            </div>
          ) : (
            <Added key={key} value={change.value} />
          );
        }
        return lines ? (
          <div key={key} className="border-l-4 border-transparent pl-2 text-slate-700">
            {change.value}
          </div>
        ) : (
          <span key={key} className="text-slate-700">
            {change.value}
          </span>
        );
      })}
    </div>
  );
}

/** How much changed, as counts of added and removed words or lines. */
export function diffCounts(changes: Change[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.added) added += c.count ?? 1;
    if (c.removed) removed += c.count ?? 1;
  }
  return { added, removed };
}
