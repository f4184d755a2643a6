"use client";
// The article's history (shown in the workspace's History drawer): every revision with its source (the writer,
// or a stage and its model), a diff of the chosen revision against the current text, and Restore (a new
// revision, refused on a stale version). The drawer scrolls on its own, so a long diff adds no page length.
import { readApiError } from "@/components/workspace/api-error";
import { useMessages, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { describeRevisionNote } from "@/components/workspace/revision-note";
import { computeDiff, type DiffMode, diffCounts, TextDiff } from "@/components/workspace/text-diff";
import { STAGE_LABELS } from "@/lib/genflow/stages";
import type { RevisionResponse } from "@/lib/genflow/responses";

export type RevisionRow = Omit<RevisionResponse, "content">;

interface ArticleText {
  title: string;
  content: string;
  version: number;
}

const secondary = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";
const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50";

export const readError = readApiError;

const loadSchemas = () => import("@/lib/genflow/article-responses");

export function sourceLabel(
  revision: Pick<RevisionRow, "source" | "stage" | "model">,
  locale: "en" | "zh",
  labels: { writer: string; stage: (stage: string) => string; capability?: string },
): string {
  // An AI helper's edit the writer accepted (a suggestion, a grammar fix).
  if (revision.source === "capability" && labels.capability) return `${labels.capability}${revision.model ? ` · ${revision.model}` : ""}`;
  // "stage" and "variant" revisions come from the AI (a run, or a platform variant applied); the rest are the writer's.
  if (revision.source !== "stage" && revision.source !== "variant") return labels.writer;
  const stage = revision.stage ? STAGE_LABELS[revision.stage][locale] : "";
  return `${labels.stage(stage)}${revision.model ? ` · ${revision.model}` : ""}`;
}

export function HistoryPanel({ articleId, version, locale }: { articleId: string; version: number; locale: "en" | "zh" }) {
  const t = useTranslations();
  const messages = useMessages();

  const router = useRouter();
  const panelId = useId();
  const [revisions, setRevisions] = useState<RevisionRow[] | null>(null);
  const [current, setCurrent] = useState<ArticleText | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [contents, setContents] = useState<Record<string, ArticleText>>({});
  const [mode, setMode] = useState<DiffMode>("words");
  const [loadError, setLoadError] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const load = useCallback(async () => {
    setLoadError(false);
    try {
      const [articleRes, listRes] = await Promise.all([
        fetch(`/api/genflow/articles/${articleId}`, { cache: "no-store" }),
        fetch(`/api/genflow/articles/${articleId}/revisions`, { cache: "no-store" }),
      ]);
      if (!articleRes.ok || !listRes.ok) throw new Error("load failed");
      // The answers' schemas (zod) load with the drawer's first read, not with the page.
      const { articleResponse, revisionListResponse } = await loadSchemas();
      const article = articleResponse.parse(await articleRes.json());
      const { revisions: rows } = revisionListResponse.parse(await listRes.json());
      setCurrent({ title: article.title, content: article.content, version: article.version });
      setRevisions(rows);
      // Keep the writer's choice when it still exists; else the version before the current one.
      setSelectedId((id) => (id && rows.some((r) => r.id === id) ? id : (rows.find((r) => r.version !== article.version)?.id ?? rows[0]?.id ?? null)));
    } catch {
      setLoadError(true);
    }
  }, [articleId]);

  // Load when the drawer opens (this mounts) and whenever the page's article moved to another version.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger, not an input.
  useEffect(() => {
    void load();
  }, [version, load]);

  const selected = revisions?.find((r) => r.id === selectedId) ?? null;
  const selectedText = selected ? contents[selected.id] : undefined;

  useEffect(() => {
    if (!selected || contents[selected.id]) return;
    let cancelled = false;
    void (async () => {
      const res = await fetch(`/api/genflow/articles/${articleId}/revisions/${selected.id}`, { cache: "no-store" });
      if (!res.ok || cancelled) return;
      const { revisionResponse } = await loadSchemas();
      const parsed = revisionResponse.safeParse(await res.json().catch(() => null));
      if (!parsed.success) return;
      const body = parsed.data;
      setContents((c) => ({ ...c, [selected.id]: { title: body.title, content: body.content, version: body.version } }));
    })();
    return () => {
      cancelled = true;
    };
  }, [articleId, selected, contents]);

  const counts = useMemo(
    () => (selectedText && current ? diffCounts(computeDiff(selectedText.content, current.content, mode).changes) : null),
    [selectedText, current, mode],
  );

  async function restore(revision: RevisionRow) {
    if (!current) return;
    setRestoring(true);
    setNotice(null);
    try {
      const res = await fetch(`/api/genflow/articles/${articleId}/revisions/${revision.id}/restore`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ baseVersion: current.version }),
      });
      if (res.ok) {
        setNotice({ kind: "ok", text: t("restored", { v: String(revision.version) }) });
        router.refresh();
        await load();
      } else {
        const error = await readError(res);
        setNotice({ kind: "error", text: res.status === 409 ? t("conflict") : t("requestFailed", { m: error.message }) });
        if (res.status === 409) await load();
      }
    } finally {
      setRestoring(false);
    }
  }

  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  const isCurrent = (r: RevisionRow) => current !== null && r.version === current.version;

  return (
    <section className="space-y-3" data-testid="history-panel" aria-label={t("history")}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">{t("historyHint")}</p>
        <button type="button" onClick={() => void load()} className={secondary} data-testid="history-refresh">
          {t("refresh")}
        </button>
      </div>
      {loadError && (
        <p role="alert" className="text-sm text-red-700">
          {t("historyLoadFailed")}
        </p>
      )}
      {notice && (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={`rounded-md p-2 text-sm ${notice.kind === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-900"}`}
          data-testid="history-notice"
        >
          {notice.text}
        </p>
      )}
      {revisions === null && !loadError && <p className="text-sm text-slate-600">{t("loading")}</p>}
      {revisions?.length === 0 && <p className="text-sm text-slate-600">{t("historyEmpty")}</p>}
      {revisions && revisions.length > 0 && (
        <div className="grid gap-4 md:grid-cols-[13rem_minmax(0,1fr)]">
          <nav aria-label={t("revisions")}>
            <ol className="space-y-1 max-md:max-h-64 max-md:overflow-auto" data-testid="revision-list">
              {revisions.map((r) => {
                const chosen = r.id === selectedId;
                const note = r.note ? describeRevisionNote(r.note, messages) : null;
                return (
                  <li key={r.id}>
                    <button
                      type="button"
                      aria-pressed={chosen}
                      onClick={() => setSelectedId(r.id)}
                      className={`w-full rounded-md border px-3 py-2 text-left text-sm ${chosen ? "border-indigo-500 bg-indigo-50" : "border-slate-200 bg-white hover:bg-slate-50"}`}
                      data-testid={`revision-${r.version}`}
                      data-source={r.source}
                    >
                      <span className="flex items-center justify-between gap-2">
                        <strong>
                          {t("version")} {r.version}
                        </strong>
                        {isCurrent(r) && <span className="rounded bg-slate-800 px-1.5 text-xs text-white">{t("currentLabel")}</span>}
                      </span>
                      <span className="block text-xs text-slate-700">
                        {sourceLabel(r, locale, {
                          writer: t("sourceWriter"),
                          stage: (stage) => t("sourceStage", { stage }),
                          capability: t("sourceCapability"),
                        })}
                      </span>
                      {note && (
                        <span className="block truncate text-xs text-slate-600" title={note}>
                          {note}
                        </span>
                      )}
                      <time dateTime={r.createdAt} className="block text-xs text-slate-600">
                        {dateFormat.format(new Date(r.createdAt))}
                      </time>
                    </button>
                  </li>
                );
              })}
            </ol>
          </nav>
          <div className="min-w-0 space-y-3" data-testid="revision-compare">
            {selected && current && (
              <>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold">{t("compareTitle", { v: String(selected.version), c: String(current.version) })}</h3>
                  <fieldset className="flex items-center gap-1 text-xs">
                    <legend className="sr-only">{t("compareBy")}</legend>
                    <span aria-hidden="true" className="mr-1 text-slate-600">
                      {t("compareBy")}:
                    </span>
                    {(["words", "lines"] as const).map((m) => (
                      <label
                        key={m}
                        className={`cursor-pointer rounded border px-2 py-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${mode === m ? "border-indigo-500 bg-indigo-50 font-semibold" : "border-slate-300"}`}
                      >
                        <input
                          type="radio"
                          name={`${panelId}-mode`}
                          value={m}
                          checked={mode === m}
                          onChange={() => setMode(m)}
                          className="sr-only"
                          data-testid={`diff-mode-${m}`}
                        />
                        {m === "words" ? t("byWords") : t("byLines")}
                      </label>
                    ))}
                  </fieldset>
                </div>
                <p className="text-xs text-slate-600">
                  {t("diffLegend")}
                  {counts && (counts.added > 0 || counts.removed > 0) && (
                    <span data-testid="diff-counts">
                      {" "}
                      (+{counts.added} {t("diffAdded")} · −{counts.removed} {t("diffRemoved")})
                    </span>
                  )}
                </p>
                {selectedText === undefined ? (
                  <p className="text-sm text-slate-600">{t("loading")}</p>
                ) : (
                  <>
                    {selectedText.title !== current.title && (
                      <div className="flex gap-1 text-sm" data-testid="diff-title">
                        <span className="font-semibold">{t("titleLabel")}:</span>
                        <TextDiff before={selectedText.title} after={current.title} mode="words" />
                      </div>
                    )}
                    {selectedText.content === current.content ? (
                      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600" data-testid="diff-same">
                        {t("diffSame")}
                      </p>
                    ) : (
                      <section
                        className="rounded-md border border-slate-200 bg-slate-50 p-3"
                        aria-label={t("compareTitle", { v: String(selected.version), c: String(current.version) })}
                      >
                        <TextDiff before={selectedText.content} after={current.content} mode={mode} testId="revision-diff" />
                      </section>
                    )}
                  </>
                )}
                <button
                  type="button"
                  disabled={restoring || isCurrent(selected) || selectedText === undefined}
                  onClick={() => void restore(selected)}
                  className={primary}
                  data-testid="restore-revision"
                >
                  {restoring ? t("restoring") : t("restore")}
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
