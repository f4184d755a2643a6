"use client";
// The research stage's outline, edited in place: rename, reorder, add and remove sections, then save.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { input, primary, secondary } from "@/components/workspace/styles";

export type OutlineSection = { id: string; title: string; points: string[] };

/** `onSave` gets the sections in order; a section added here has no id yet. */
export function OutlineEditor({
  outline,
  onSave,
  busy,
}: {
  outline: OutlineSection[];
  onSave: (sections: { id?: string; title: string; points: string[] }[]) => void;
  busy: boolean;
}) {
  const t = useTranslations();

  const [sections, setSections] = useState(outline);
  const move = (i: number, d: number) =>
    setSections((s) => {
      const next = [...s];
      const [item] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + d)), 0, item);
      return next;
    });
  return (
    <section className="space-y-2" data-testid="outline-editor">
      <h3 className="text-sm font-semibold">{t("outline")}</h3>
      {sections.map((section, i) => (
        <div key={section.id} className="flex items-center gap-1">
          <input
            aria-label={`${t("outline")} ${i + 1}`}
            value={section.title}
            onChange={(e) => setSections((s) => s.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
            className={input}
          />
          <button type="button" aria-label="up" onClick={() => move(i, -1)} className={secondary}>
            ↑
          </button>
          <button type="button" aria-label="down" onClick={() => move(i, 1)} className={secondary}>
            ↓
          </button>
          <button type="button" aria-label="remove" onClick={() => setSections((s) => s.filter((_, j) => j !== i))} className={secondary}>
            ✕
          </button>
        </div>
      ))}
      <div className="flex gap-2">
        <button type="button" onClick={() => setSections((s) => [...s, { id: `new-${s.length + 1}`, title: "New section", points: [] }])} className={secondary}>
          +
        </button>
        <button
          type="button"
          disabled={busy || sections.length === 0}
          onClick={() => onSave(sections.map((s) => ({ ...(s.id.startsWith("new-") ? {} : { id: s.id }), title: s.title, points: s.points })))}
          className={primary}
          data-testid="save-outline"
        >
          {t("save")}
        </button>
      </div>
    </section>
  );
}
