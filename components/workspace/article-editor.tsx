"use client";
// The article in the workspace: title and rich-text body (Tiptap over Markdown, loaded on demand), autosaved
// at a base version. A change made elsewhere (another tab, a run) comes back as a conflict shown side by side
// with the writer's text — never a silent overwrite in either direction.
import { useMessages, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { saveArticleAction } from "@/lib/actions/articles";
import type { EditorApi } from "@/components/editor/rich-editor";
import { type SaveStatus, type Snapshot, useAutosave } from "@/components/editor/use-autosave";
import type { Capability } from "@/lib/genflow/stages";

// Tiptap/ProseMirror live in this chunk only: the page's first load stays small, the text shows at once
// (read-only) and becomes editable when the chunk arrives.
const RichEditor = dynamic(() => import("@/components/editor/rich-editor"), { ssr: false, loading: () => null });

interface ArticleDraft {
  id: string;
  title: string;
  content: string;
  version: number;
}

export interface EditorSession {
  sessionId: string;
  capabilities: readonly Capability[];
  language: "en" | "zh";
}

export function ArticleEditor({ article, session }: { article: ArticleDraft; session?: EditorSession | null }) {
  const messages = useMessages();

  const e = messages.editor;
  const [title, setTitle] = useState(article.title);
  const [ready, setReady] = useState(false);
  const api = useRef<EditorApi | null>(null);
  const titleRef = useRef(article.title);
  const lastMarkdown = useRef(article.content);

  const read = useCallback((): Snapshot => {
    try {
      if (api.current) lastMarkdown.current = api.current.getMarkdown();
    } catch {
      // the editor is being torn down: its last known text stands
    }
    return { title: titleRef.current, content: lastMarkdown.current };
  }, []);

  const apply = useCallback((snapshot: Snapshot) => {
    titleRef.current = snapshot.title;
    setTitle(snapshot.title);
    lastMarkdown.current = snapshot.content;
    api.current?.setMarkdown(snapshot.content);
  }, []);

  const autosave = useAutosave({
    articleId: article.id,
    initialVersion: article.version,
    initial: { title: article.title, content: article.content },
    read,
    apply,
    save: saveArticleAction,
  });
  const { setBaseline, restoreUnsaved, changed, flush } = autosave;

  const onReady = useCallback(
    (editorApi: EditorApi) => {
      api.current = editorApi;
      // The editor's Markdown for the stored text is the baseline: loading alone never saves.
      setBaseline(editorApi.getMarkdown());
      setReady(true);
      restoreUnsaved();
    },
    [setBaseline, restoreUnsaved],
  );

  // Ctrl/Cmd+S saves now instead of opening the browser's dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void flush();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flush]);

  const { conflict } = autosave;
  // The other version block by block; blocks that are not in the writer's text are highlighted.
  const theirBlocks = useMemo(() => {
    if (!conflict) return [];
    const mine = new Set(
      read()
        .content.split(/\n{2,}/)
        .map((b) => b.trim()),
    );
    return conflict.theirs.content
      .split(/\n{2,}/)
      .filter((b) => b.trim())
      .map((text) => ({ text, changed: !mine.has(text.trim()) }));
  }, [conflict, read]);

  return (
    <section className="space-y-3" aria-label={e.label} data-testid="article-editor">
      <div className="flex flex-wrap items-center gap-3">
        <label className="min-w-0 flex-1 basis-64">
          <span className="sr-only">{e.title}</span>
          <input
            value={title}
            onChange={(ev) => {
              titleRef.current = ev.target.value;
              setTitle(ev.target.value);
              changed();
            }}
            onBlur={() => void flush()}
            maxLength={300}
            data-testid="article-title"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-xl font-semibold"
          />
        </label>
        <SaveIndicator status={autosave.status} message={autosave.message} version={autosave.version} />
        <button
          type="button"
          onClick={() => void flush()}
          disabled={autosave.status === "saving" || autosave.status === "conflict"}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
          data-testid="save-article"
        >
          {e.saveNow}
        </button>
      </div>

      {autosave.restored && !conflict && (
        <p role="status" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="restored-notice">
          {e.restoredUnsaved}
        </p>
      )}

      {conflict && (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="conflict-banner"
        >
          <div className="min-w-0 flex-1">
            <p className="font-semibold">{e.conflictTitle}</p>
            <p>{e.conflictBody}</p>
          </div>
          <button
            type="button"
            onClick={() => void autosave.keepMine()}
            className="rounded-md bg-amber-600 px-3 py-1.5 font-semibold text-white hover:bg-amber-500"
            data-testid="conflict-keep-mine"
          >
            {e.keepMine}
          </button>
          <button
            type="button"
            onClick={autosave.takeTheirs}
            className="rounded-md border border-amber-400 bg-white px-3 py-1.5 font-semibold text-amber-900 hover:bg-amber-100"
            data-testid="conflict-take-theirs"
          >
            {e.takeTheirs}
          </button>
        </div>
      )}

      <div className={conflict ? "grid gap-4 lg:grid-cols-2" : undefined}>
        <div className="rounded-lg border border-slate-300 bg-white" data-testid="editor-mine">
          {!ready && (
            <div aria-busy="true" className="min-h-72 whitespace-pre-wrap px-5 py-4 leading-7 text-slate-800" data-testid="editor-loading">
              <span className="sr-only">{e.loading}</span>
              {article.content}
            </div>
          )}
          <RichEditor
            initialMarkdown={article.content}
            sessionId={session?.sessionId ?? null}
            capabilities={session?.capabilities ?? []}
            language={session?.language ?? "en"}
            onReady={onReady}
            onChange={changed}
            onBlur={() => void flush()}
          />
        </div>
        {conflict && (
          <section aria-labelledby="conflict-theirs-title" className="rounded-lg border border-amber-300 bg-amber-50/40" data-testid="conflict-theirs">
            <h3 id="conflict-theirs-title" className="border-b border-amber-200 px-4 py-2 text-sm font-semibold text-amber-950">
              {e.theirVersion.replace("{v}", String(conflict.currentVersion))}
            </h3>
            <div className="px-5 py-4">
              {conflict.theirs.title !== title && (
                <p className="mb-2 text-lg font-semibold" data-testid="conflict-theirs-title">
                  {conflict.theirs.title}
                </p>
              )}
              <div className="space-y-3 leading-7 text-slate-800" data-testid="conflict-theirs-content">
                {theirBlocks.map((block, i) => (
                  <p
                    // biome-ignore lint/suspicious/noArrayIndexKey: a static rendering of one version's blocks
                    key={i}
                    className={`whitespace-pre-wrap ${block.changed ? "-ml-3 border-l-4 border-amber-400 bg-amber-100/60 pl-2" : ""}`}
                    data-changed={block.changed || undefined}
                  >
                    {block.changed && <span className="sr-only">{e.differs}: </span>}
                    {block.text}
                  </p>
                ))}
              </div>
            </div>
          </section>
        )}
      </div>
    </section>
  );
}

function SaveIndicator({ status, message, version }: { status: SaveStatus; message: string | null; version: number }) {
  const t = useTranslations();
  const messages = useMessages();

  const e = messages.editor;
  const text: Record<SaveStatus, string> = {
    idle: "",
    dirty: e.unsaved,
    saving: e.saving,
    saved: e.saved,
    offline: e.offline,
    error: message ?? e.saveFailed,
    conflict: e.conflict,
  };
  const tone: Record<SaveStatus, string> = {
    idle: "text-slate-500",
    dirty: "text-slate-500",
    saving: "text-slate-500",
    saved: "text-emerald-700",
    offline: "text-amber-700",
    error: "text-red-700",
    conflict: "text-amber-700",
  };
  return (
    <span className="flex items-center gap-2 text-sm">
      <span role="status" aria-live="polite" className={tone[status]} data-testid="save-status" data-state={status}>
        {text[status]}
      </span>
      <span className="text-xs text-slate-600" data-testid="article-version">
        {t("version")} {version}
      </span>
    </span>
  );
}
