"use client";
// The writing stage's forms: write the draft, revise it. Loaded with the stage.
import { useMessages, useTranslations } from "next-intl";
import { field } from "@/components/workspace/form-field";
import type { Run } from "@/components/workspace/stage-forms";
import { input, primary, secondary } from "@/components/workspace/styles";
import type { StageData } from "@/lib/genflow/stage-data";

export function WritingForms({ stageData, run, busy }: { stageData: StageData; run: Run; busy: boolean }) {
  const t = useTranslations();
  const messages = useMessages();

  const outline = stageData.research?.outline ?? [];
  return (
    <div className="space-y-4">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          run("write_draft", { targetLength: Number(new FormData(e.currentTarget).get("targetLength")) });
        }}
      >
        <label className="min-w-0 flex-1 text-xs text-slate-700">
          {t("targetLength")}
          <input name="targetLength" type="number" min={100} max={20000} defaultValue={1500} className={input} />
        </label>
        <button type="submit" disabled={busy} title={messages.workspace.writeDraftHint} className={primary} data-testid="action-write_draft">
          <span aria-hidden="true">✎ </span>
          {messages.actionNames.write_draft}
        </button>
      </form>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          run("revise_draft", { instruction: field(f, "instruction"), sectionId: field(f, "sectionId") || undefined });
        }}
      >
        <label className="block text-xs text-slate-700">
          {t("instruction")}
          <input name="instruction" required className={input} data-testid="revise-instruction" />
        </label>
        <select name="sectionId" aria-label={t("outline")} title={t("outline")} className={input} data-testid="revise-section">
          <option value="">{messages.workspace.noSection}</option>
          {outline.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy} title={messages.workspace.reviseHint} className={secondary} data-testid="action-revise_draft">
          <span aria-hidden="true">↺&nbsp;</span>
          {messages.actionNames.revise_draft}
        </button>
      </form>
    </div>
  );
}
