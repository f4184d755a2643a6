"use client";
// Styling: restyle the article for a preset and a platform. The result is a variant beside the article (never a
// replacement); the variants panel lists them to open, edit, export, or apply to the article as a proposal.
import { useMessages, useTranslations } from "next-intl";
import type { ArticleSnapshot, Run } from "@/components/workspace/stage-forms";
import { input, primary } from "@/components/workspace/styles";
import { VariantsPanel } from "@/components/workspace/variants-panel";
import { PLATFORMS, STYLE_PRESETS } from "@/lib/genflow/action-options";
import type { StageData } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

export function StylingForms({
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
  const styling = stageData.styling ?? {};
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const preset = STYLE_PRESETS.find((p) => p === f.get("preset"));
          const platform = PLATFORMS.find((p) => p === f.get("platform"));
          if (preset && platform) run("apply_style", { preset, platform });
        }}
      >
        <label className="text-xs text-slate-700">
          {t("preset")}
          <select name="preset" defaultValue={styling.preset} className={input} data-testid="style-preset">
            {STYLE_PRESETS.map((p) => (
              <option key={p} value={p}>
                {messages.presetNames[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-700">
          {t("platform")}
          <select name="platform" defaultValue={styling.platform} className={input} data-testid="style-platform">
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {messages.platformNames[p]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy} className={primary} data-testid="action-apply_style">
          {t("applyStyle")}
        </button>
      </form>
      {/* A new variant (or an applied one becoming a proposal) reloads the list. */}
      <VariantsPanel key={`${styling.variantId ?? "none"}-${article.version}`} articleId={article.id} language={language} />
    </div>
  );
}
