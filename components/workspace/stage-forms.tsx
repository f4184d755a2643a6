"use client";
// The forms of each stage's actions. Each calls `run(action, parameters)`; nothing here talks to the API.
import { useMessages, useTranslations } from "next-intl";
import { useState } from "react";
import { OutlineEditor } from "@/components/workspace/outline-editor";
import { input, primary, secondary } from "@/components/workspace/styles";
import type { ActionInput, ActionName } from "@/lib/genflow/actions";
import type { StageData } from "@/lib/genflow/stage-data";

/** Starts an action: its name and parameters are typed by the action registry (lib/genflow/actions). */
export type Run = <A extends ActionName>(action: A, parameters?: ActionInput<A>) => void;

/** A text field of a submitted form ("" when absent). */
function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function TopicForms({ stageData, run, busy }: { stageData: StageData; run: Run; busy: boolean }) {
  const t = useTranslations();
  const messages = useMessages();

  const topic = stageData.topic ?? {};
  const [own, setOwn] = useState("");
  return (
    <div className="space-y-4">
      <form
        className="grid grid-cols-2 gap-2"
        data-testid="topic-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const keywords = String(f.get("keywords") ?? "")
            .split(",")
            .map((k) => k.trim())
            .filter(Boolean);
          run("discover_topics", {
            category: field(f, "category"),
            audience: field(f, "audience") || undefined,
            keywords: keywords.length ? keywords : undefined,
            count: Number(f.get("count")),
          });
        }}
      >
        <label className="col-span-2 text-xs text-slate-700">
          {t("category")}
          <input name="category" required className={input} data-testid="topic-category" />
        </label>
        <label className="text-xs text-slate-700">
          {t("audience")}
          <input name="audience" className={input} />
        </label>
        <label className="text-xs text-slate-700">
          {t("count")}
          <input name="count" type="number" min={1} max={10} defaultValue={5} className={input} />
        </label>
        <label className="col-span-2 text-xs text-slate-700">
          {t("keywords")}
          <input name="keywords" className={input} />
        </label>
        <button type="submit" disabled={busy} title={messages.workspace.discoverHint} className={`${primary} col-span-2`} data-testid="action-discover_topics">
          {messages.actionNames.discover_topics}
        </button>
      </form>
      {topic.topics && topic.topics.length > 0 && (
        <ul className="grid gap-2" data-testid="topic-cards">
          {topic.topics.map((item) => {
            const chosen = topic.selected?.id === item.id;
            return (
              <li key={item.id} className={`rounded-lg border p-3 text-sm ${chosen ? "border-indigo-500 bg-indigo-50" : "border-slate-200 bg-white"}`}>
                <p className="font-semibold">{item.title}</p>
                {item.angle && <p className="mt-1 text-slate-700">{item.angle}</p>}
                {item.whyNow && <p className="mt-1 text-xs text-slate-600">{item.whyNow}</p>}
                <button
                  type="button"
                  aria-label={chosen ? undefined : t("workspace.chooseTopic", { title: item.title })}
                  disabled={busy || chosen}
                  onClick={() => run("select_topic", { topicId: item.id })}
                  className={`${secondary} mt-2`}
                  data-testid={`choose-${item.id}`}
                >
                  {chosen ? t("chosen") : t("choose")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (own.trim()) run("select_topic", { title: own.trim() });
        }}
      >
        <label htmlFor="own-topic" className="sr-only">
          {t("ownTopic")}
        </label>
        <input id="own-topic" value={own} onChange={(e) => setOwn(e.target.value)} placeholder={t("ownTopic")} className={input} data-testid="own-topic" />
        <button type="submit" disabled={busy || !own.trim()} className={secondary}>
          {t("choose")}
        </button>
      </form>
      {topic.selected && (
        <p className="text-sm" data-testid="selected-topic">
          {t("chosen")}: <strong>{topic.selected.title}</strong>
        </p>
      )}
    </div>
  );
}

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

export interface ArticleSnapshot {
  id: string;
  title: string;
  content: string;
  version: number;
}
