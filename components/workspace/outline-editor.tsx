"use client";
// The research stage's outline, edited in place: rename, reorder, add and remove sections. It is the writer's:
// edits autosave (and are flushed before Approve), and the sections they added or changed carry a "yours"
// badge — a re-run of research keeps those and refreshes only the AI's (lib/genflow/outline-merge.ts).
import { useMessages, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { input, secondary, small } from "@/components/workspace/styles";
import { type OutlineDraft, type OutlineSaveStatus, useOutlineAutosave } from "@/components/workspace/use-outline-autosave";
import { markWriterEdits } from "@/lib/genflow/outline-merge";
import type { OutlineSection } from "@/lib/genflow/stage-data";

const toDraft = ({ id, title, points }: OutlineSection): OutlineDraft => ({ id, title, points });

const tone: Record<OutlineSaveStatus, string> = {
  saved: "text-emerald-700",
  dirty: "text-slate-500",
  saving: "text-slate-500",
  invalid: "text-red-700",
  error: "text-red-700",
};

export function OutlineEditor({ outline, sessionId, busy }: { outline: OutlineSection[]; sessionId: string; busy: boolean }) {
  const t = useTranslations();
  const o = useMessages().outlineEditor;

  const [sections, setSections] = useState<OutlineDraft[]>(() => outline.map(toDraft));
  const stored = useStoredDrafts(outline);
  const replace = useCallback((next: OutlineDraft[]) => setSections(next), []);
  const { status, message, saveNow } = useOutlineAutosave({
    sessionId,
    stored,
    sections,
    replace,
    messages: { needsTitle: o.needsTitle, saveFailed: (reason) => t("outlineEditor.saveFailed", { reason }) },
  });
  // The badge follows what the writer does now, by the rule the server stores when it saves.
  const marked = markWriterEdits({ previous: outline, next: sections });

  const inputs = useRef(new Map<string, HTMLInputElement>());
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const field = inputs.current.get(focusId);
    field?.focus();
    field?.select();
    setFocusId(null);
  }, [focusId]);

  const move = (i: number, d: number) =>
    setSections((s) => {
      const next = [...s];
      const [item] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + d)), 0, item);
      return next;
    });
  const add = () => {
    const id = `s-${crypto.randomUUID().slice(0, 8)}`;
    setSections((s) => [...s, { id, title: o.newSection, points: [] }]);
    setFocusId(id);
  };

  const statusText: Record<OutlineSaveStatus, string> = { saved: o.saved, dirty: o.unsaved, saving: o.saving, invalid: message ?? "", error: message ?? "" };
  return (
    <section className="space-y-2" data-testid="outline-editor" aria-labelledby="outline-editor-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="outline-editor-heading" className="text-sm font-semibold">
          {t("outline")}
        </h3>
        <span role="status" aria-live="polite" className={`text-xs ${tone[status]}`} data-testid="outline-save-state" data-state={status}>
          {statusText[status]}
        </span>
      </div>
      <p className="text-xs text-slate-500">{o.hint}</p>
      <ol className="space-y-1">
        {marked.map((section, i) => {
          const n = String(i + 1);
          const yours = section.origin === "writer";
          return (
            <li
              key={section.id}
              className="flex items-center gap-1"
              data-testid="outline-section"
              data-origin={yours ? "writer" : "ai"}
              data-section-id={section.id}
            >
              <input
                ref={(el) => {
                  if (el) inputs.current.set(section.id, el);
                  else inputs.current.delete(section.id);
                }}
                aria-label={t("outlineEditor.sectionTitle", { n })}
                value={section.title}
                maxLength={300}
                onChange={(e) => setSections((s) => s.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
                onBlur={() => void saveNow()}
                className={`${input} ${yours ? "border-indigo-300" : ""}`}
                data-testid="outline-title"
              />
              {yours && (
                <span
                  title={o.yoursHint}
                  className="shrink-0 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800"
                  data-testid="outline-yours"
                >
                  {o.yours}
                  <span className="sr-only"> — {o.yoursHint}</span>
                </span>
              )}
              <IconButton label={t("outlineEditor.moveUp", { n })} disabled={i === 0} onClick={() => move(i, -1)} testId="outline-up">
                ↑
              </IconButton>
              <IconButton label={t("outlineEditor.moveDown", { n })} disabled={i === sections.length - 1} onClick={() => move(i, 1)} testId="outline-down">
                ↓
              </IconButton>
              <IconButton
                label={t("outlineEditor.remove", { n })}
                disabled={sections.length <= 1}
                onClick={() => setSections((s) => s.filter((_, j) => j !== i))}
                testId="outline-remove"
              >
                ✕
              </IconButton>
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={add} className={secondary} data-testid="outline-add">
          + {o.add}
        </button>
        <button type="button" disabled={busy || status === "saving"} onClick={() => void saveNow()} className={secondary} data-testid="save-outline">
          {o.saveNow}
        </button>
      </div>
    </section>
  );
}

/** The stored sections as drafts, the same array while the stored outline is the same (an effect depends on it). */
function useStoredDrafts(outline: OutlineSection[]): OutlineDraft[] {
  const key = JSON.stringify(outline.map((s) => [s.id, s.title, s.points]));
  const memo = useRef<{ key: string; drafts: OutlineDraft[] }>({ key, drafts: outline.map(toDraft) });
  if (memo.current.key !== key) memo.current = { key, drafts: outline.map(toDraft) };
  return memo.current.drafts;
}

function IconButton({
  label,
  disabled,
  onClick,
  testId,
  children,
}: {
  label: string;
  disabled: boolean;
  onClick: () => void;
  testId: string;
  children: string;
}) {
  return (
    <button type="button" aria-label={label} title={label} disabled={disabled} onClick={onClick} className={small} data-testid={testId}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}
