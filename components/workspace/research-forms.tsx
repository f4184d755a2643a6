"use client";
// The research stage's forms: sources to research, the result, and the outline editor. Loaded with the stage.
import { useMessages, useTranslations } from "next-intl";
import { useState } from "react";
import { OutlineEditor } from "@/components/workspace/outline-editor";
import type { Run } from "@/components/workspace/stage-forms";
import { input, primary } from "@/components/workspace/styles";
import type { StageData } from "@/lib/genflow/stage-data";

export function ResearchForms({ stageData, run, busy, sessionId }: { stageData: StageData; run: Run; busy: boolean; sessionId: string }) {
  const t = useTranslations();
  const messages = useMessages();

  const research = stageData.research ?? {};
  const [sources, setSources] = useState("");
  return (
    <div className="space-y-4">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const items = sources
            .split(/\n{2,}|\n(?=https?:\/\/)/)
            .map((s) => s.trim())
            .filter(Boolean)
            .map((s) => (/^https?:\/\/\S+$/.test(s) ? { url: s } : { text: s }));
          run("research_topic", items.length ? { sources: items } : {});
        }}
      >
        <label className="block text-xs text-slate-600">
          {t("sources")}
          <textarea
            value={sources}
            onChange={(e) => setSources(e.target.value)}
            rows={3}
            className={input}
            placeholder="https://…  /  pasted text"
            data-testid="research-sources"
          />
        </label>
        <button type="submit" disabled={busy} className={primary} data-testid="action-research_topic">
          {messages.actionNames.research_topic}
        </button>
      </form>
      {research.summary && (
        <section className="space-y-2 text-sm" data-testid="research-result">
          <h3 className="font-semibold">{t("summary")}</h3>
          <p>{research.summary}</p>
          <ul className="list-disc space-y-1 pl-5">
            {research.keyPoints?.map((k) => (
              <li key={k.id}>
                {k.text}{" "}
                {k.sourceIds.map((id) => {
                  // A source by its number in the list below, never by its internal id.
                  const n = (research.sources?.findIndex((s) => s.id === id) ?? -1) + 1;
                  return n > 0 ? (
                    <span key={id} className="ml-1 rounded bg-slate-100 px-1 text-xs" title={t("workspace.sourceNumber", { n })}>
                      [{n}]
                    </span>
                  ) : null;
                })}
              </li>
            ))}
          </ul>
          <h3 className="font-semibold">{t("sources")}</h3>
          <ol className="list-decimal pl-5 text-xs">
            {research.sources?.map((s) => (
              <li key={s.id}>
                {s.url ? (
                  <a href={s.url} className="underline" target="_blank" rel="noreferrer">
                    {s.title}
                  </a>
                ) : (
                  s.title
                )}
                {s.verified === false && ` (${t("workspace.unverified")})`}
              </li>
            ))}
          </ol>
        </section>
      )}
      {research.outline && <OutlineEditor outline={research.outline} sessionId={sessionId} busy={busy} />}
    </div>
  );
}
