"use client";
// The forms of each stage's actions. Each calls `run(action, parameters)`; nothing here talks to the API.
import { useState } from "react";
import { PLATFORMS, STYLE_PRESETS } from "@/lib/genflow/actions";
import type { Dictionary } from "@/lib/i18n";

export type Run = (action: string, parameters?: Record<string, unknown>) => void;

const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm";
const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50";
const secondary = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

interface Topic {
  id: string;
  title: string;
  angle?: string;
  whyNow?: string;
  keywords?: string[];
}

export function TopicForms({ stageData, run, busy, t }: { stageData: Record<string, unknown>; run: Run; busy: boolean; t: Dictionary }) {
  const topic = (stageData.topic ?? {}) as { topics?: Topic[]; selected?: Topic };
  const [own, setOwn] = useState("");
  return (
    <div className="space-y-4">
      <form
        className="grid gap-2 sm:grid-cols-4"
        data-testid="topic-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const keywords = String(f.get("keywords") ?? "").split(",").map((k) => k.trim()).filter(Boolean);
          run("discover_topics", { category: f.get("category"), audience: f.get("audience") || undefined, keywords: keywords.length ? keywords : undefined, count: Number(f.get("count")) });
        }}
      >
        <label className="sm:col-span-2 text-xs text-slate-600">
          {t.category}
          <input name="category" required className={input} data-testid="topic-category" />
        </label>
        <label className="text-xs text-slate-600">
          {t.audience}
          <input name="audience" className={input} />
        </label>
        <label className="text-xs text-slate-600">
          {t.count}
          <input name="count" type="number" min={1} max={10} defaultValue={5} className={input} />
        </label>
        <label className="sm:col-span-3 text-xs text-slate-600">
          {t.keywords}
          <input name="keywords" className={input} />
        </label>
        <button type="submit" disabled={busy} className={`${primary} self-end`} data-testid="action-discover_topics">
          {t.topics} ↻
        </button>
      </form>
      {topic.topics && topic.topics.length > 0 && (
        <ul className="grid gap-2 sm:grid-cols-2" data-testid="topic-cards">
          {topic.topics.map((item) => {
            const chosen = topic.selected?.id === item.id;
            return (
              <li key={item.id} className={`rounded-lg border p-3 text-sm ${chosen ? "border-indigo-500 bg-indigo-50" : "border-slate-200 bg-white"}`}>
                <p className="font-semibold">{item.title}</p>
                {item.angle && <p className="mt-1 text-slate-700">{item.angle}</p>}
                {item.whyNow && <p className="mt-1 text-xs text-slate-500">{item.whyNow}</p>}
                <button type="button" disabled={busy || chosen} onClick={() => run("select_topic", { topicId: item.id })} className={`${secondary} mt-2`} data-testid={`choose-${item.id}`}>
                  {chosen ? t.chosen : t.choose}
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
          {t.ownTopic}
        </label>
        <input id="own-topic" value={own} onChange={(e) => setOwn(e.target.value)} placeholder={t.ownTopic} className={input} data-testid="own-topic" />
        <button type="submit" disabled={busy || !own.trim()} className={secondary}>
          {t.choose}
        </button>
      </form>
      {topic.selected && (
        <p className="text-sm" data-testid="selected-topic">
          {t.chosen}: <strong>{topic.selected.title}</strong>
        </p>
      )}
    </div>
  );
}

export function ResearchForms({ stageData, run, busy, t }: { stageData: Record<string, unknown>; run: Run; busy: boolean; t: Dictionary }) {
  const research = (stageData.research ?? {}) as {
    summary?: string;
    keyPoints?: { id: string; text: string; sourceIds: string[] }[];
    sources?: { id: string; number: number; title: string; url?: string; verified?: boolean }[];
    outline?: { id: string; title: string; points: string[] }[];
  };
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
          {t.sources}
          <textarea value={sources} onChange={(e) => setSources(e.target.value)} rows={3} className={input} placeholder="https://…  /  pasted text" data-testid="research-sources" />
        </label>
        <button type="submit" disabled={busy} className={primary} data-testid="action-research_topic">
          {t.sources} → {t.outline}
        </button>
      </form>
      {research.summary && (
        <section className="space-y-2 text-sm" data-testid="research-result">
          <h3 className="font-semibold">{t.summary}</h3>
          <p>{research.summary}</p>
          <ul className="list-disc space-y-1 pl-5">
            {research.keyPoints?.map((k) => (
              <li key={k.id}>
                {k.text}{" "}
                {k.sourceIds.map((id) => (
                  <span key={id} className="ml-1 rounded bg-slate-100 px-1 text-xs">
                    {id}
                  </span>
                ))}
              </li>
            ))}
          </ul>
          <h3 className="font-semibold">{t.sources}</h3>
          <ol className="list-decimal pl-5 text-xs">
            {research.sources?.map((s) => (
              <li key={s.id}>
                {s.url ? <a href={s.url} className="underline" target="_blank" rel="noreferrer">{s.title}</a> : s.title}
                {s.verified === false && " (unverified)"}
              </li>
            ))}
          </ol>
        </section>
      )}
      {research.outline && <OutlineEditor outline={research.outline} run={run} busy={busy} t={t} />}
    </div>
  );
}

function OutlineEditor({ outline, run, busy, t }: { outline: { id: string; title: string; points: string[] }[]; run: Run; busy: boolean; t: Dictionary }) {
  const [sections, setSections] = useState(outline);
  const move = (i: number, d: number) => setSections((s) => {
    const next = [...s];
    const [item] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + d)), 0, item);
    return next;
  });
  return (
    <section className="space-y-2" data-testid="outline-editor">
      <h3 className="text-sm font-semibold">{t.outline}</h3>
      {sections.map((section, i) => (
        <div key={section.id} className="flex items-center gap-1">
          <input aria-label={`${t.outline} ${i + 1}`} value={section.title} onChange={(e) => setSections((s) => s.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} className={input} />
          <button type="button" aria-label="up" onClick={() => move(i, -1)} className={secondary}>↑</button>
          <button type="button" aria-label="down" onClick={() => move(i, 1)} className={secondary}>↓</button>
          <button type="button" aria-label="remove" onClick={() => setSections((s) => s.filter((_, j) => j !== i))} className={secondary}>✕</button>
        </div>
      ))}
      <div className="flex gap-2">
        <button type="button" onClick={() => setSections((s) => [...s, { id: `new-${s.length + 1}`, title: "New section", points: [] }])} className={secondary}>+</button>
        <button type="button" disabled={busy || sections.length === 0} onClick={() => run("update_outline", { sections: sections.map((s) => ({ ...(s.id.startsWith("new-") ? {} : { id: s.id }), title: s.title, points: s.points })) })} className={primary} data-testid="save-outline">
          {t.save}
        </button>
      </div>
    </section>
  );
}

export function WritingForms({ stageData, run, busy, t }: { stageData: Record<string, unknown>; run: Run; busy: boolean; t: Dictionary }) {
  const outline = ((stageData.research ?? {}) as { outline?: { id: string; title: string }[] }).outline ?? [];
  return (
    <div className="flex flex-wrap gap-4">
      <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); run("write_draft", { targetLength: Number(new FormData(e.currentTarget).get("targetLength")) }); }}>
        <label className="text-xs text-slate-600">
          {t.targetLength}
          <input name="targetLength" type="number" min={100} max={20000} defaultValue={1500} className={input} />
        </label>
        <button type="submit" disabled={busy} className={primary} data-testid="action-write_draft">✎</button>
      </form>
      <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); const f = new FormData(e.currentTarget); run("revise_draft", { instruction: f.get("instruction"), sectionId: f.get("sectionId") || undefined }); }}>
        <label className="text-xs text-slate-600">
          {t.instruction}
          <input name="instruction" required className={input} data-testid="revise-instruction" />
        </label>
        <select name="sectionId" aria-label={t.outline} className={input} data-testid="revise-section">
          <option value="">—</option>
          {outline.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
        </select>
        <button type="submit" disabled={busy} className={secondary} data-testid="action-revise_draft">↺</button>
      </form>
    </div>
  );
}

export function StylingForms({ run, busy, t }: { run: Run; busy: boolean; t: Dictionary }) {
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); const f = new FormData(e.currentTarget); run("apply_style", { preset: f.get("preset"), platform: f.get("platform") }); }}>
      <label className="text-xs text-slate-600">{t.preset}<select name="preset" className={input} data-testid="style-preset">{STYLE_PRESETS.map((p) => <option key={p}>{p}</option>)}</select></label>
      <label className="text-xs text-slate-600">{t.platform}<select name="platform" className={input} data-testid="style-platform">{PLATFORMS.map((p) => <option key={p}>{p}</option>)}</select></label>
      <button type="submit" disabled={busy} className={primary} data-testid="action-apply_style">✓</button>
    </form>
  );
}
