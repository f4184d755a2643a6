"use client";
// The topic stage's forms and the types every stage's forms share (research-forms.tsx, writing-forms.tsx and
// the later stages' files load with their stage). Each calls `run(action, parameters)`; none talks to the API.
import { useMessages, useTranslations } from "next-intl";
import { useState } from "react";
import { field } from "@/components/workspace/form-field";
import { input, primary, secondary } from "@/components/workspace/styles";
import type { ActionInput, ActionName } from "@/lib/genflow/actions";
import type { StageData } from "@/lib/genflow/stage-data";

/** Starts an action: its name and parameters are typed by the action registry (lib/genflow/actions). */
export type Run = <A extends ActionName>(action: A, parameters?: ActionInput<A>) => void;

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

export interface ArticleSnapshot {
  id: string;
  title: string;
  content: string;
  version: number;
}
