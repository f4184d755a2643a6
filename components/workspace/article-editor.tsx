"use client";
// The article in the workspace: title and rich-text body (Tiptap over Markdown, loaded on demand), autosaved at a
// base version and kept in step with the session's events:
// - `article.updated` (another tab, an accepted change): an idle editor takes the new version in place; a dirty
//   one merges it with the writer's text and asks only about overlaps (use-autosave);
// - pending AI proposals are shown in the text, change by change (suggestion mode, proposal-store);
// - a first draft streams into the page as it is written (read-only, rendered), with a Stop button; after a
//   reload mid-stream the text so far is rebuilt from the event log.
import { useMessages } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { MergePanel } from "@/components/editor/merge-panel";
import type { ReviewChange } from "@/components/editor/proposal-marks";
import type { EditorApi, ReviewInput } from "@/components/editor/rich-editor";
import { type Snapshot, useAutosave } from "@/components/editor/use-autosave";
import { SaveIndicator, StopButton } from "@/components/workspace/editor-status";
import { getArticle, loadRevision } from "@/components/workspace/proposal-client";
import { changeKey, proposalStore, useProposals } from "@/components/workspace/proposal-store";
import { useArticleSync } from "@/components/workspace/use-article-sync";
import type { PusherClientConfig } from "@/components/workspace/use-session-events";
import { saveArticleAction } from "@/lib/actions/articles";
import type { Capability } from "@/lib/genflow/stages";

// Tiptap/ProseMirror live in these chunks only: the page's first load stays small, the text shows at once
// (read-only) and becomes editable when the chunk arrives.
const RichEditor = dynamic(() => import("@/components/editor/rich-editor"), { ssr: false, loading: () => null });
const StreamView = dynamic(() => import("@/components/editor/stream-view"), { ssr: false, loading: () => null });

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
  /** For live sync and the streamed draft: the session's last event seq when the page was rendered, and its state. */
  lastSeq?: number;
  processing?: boolean;
  pusher?: PusherClientConfig | null;
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

export function ArticleEditor({ article, session }: { article: ArticleDraft; session?: EditorSession | null }) {
  const messages = useMessages();
  const e = messages.editor;
  const s = messages.proposals;
  const [title, setTitle] = useState(article.title);
  const [ready, setReady] = useState(false);
  const api = useRef<EditorApi | null>(null);
  const titleRef = useRef(article.title);
  const lastMarkdown = useRef(article.content);
  // The stored Markdown and its version: proposal offsets are in this text.
  const stored = useRef({ version: article.version, content: article.content });

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

  const save = useCallback<typeof saveArticleAction>(
    async (input) => {
      const result = await saveArticleAction(input);
      if (result.status === "saved") stored.current = { version: result.version, content: input.content };
      if (result.status === "conflict") stored.current = { version: result.currentVersion, content: result.current.content };
      if (result.status === "saved") void proposalStore(article.id).refresh();
      return result;
    },
    [article.id],
  );

  const autosave = useAutosave({
    articleId: article.id,
    initialVersion: article.version,
    initial: { title: article.title, content: article.content },
    read,
    apply,
    save,
  });
  const { setBaseline, restoreUnsaved, changed, flush, flushAs, incoming, adopt, isClean, saving, currentVersion } = autosave;

  // A version saved elsewhere: read it and merge it in (an older or equal one is already here).
  const pull = useCallback(
    async (version?: number) => {
      if (version !== undefined && version <= currentVersion()) return;
      const fresh = await getArticle(article.id).catch(() => null);
      if (!fresh || fresh.version <= currentVersion()) return;
      stored.current = { version: fresh.version, content: fresh.content };
      incoming({ title: fresh.title, content: fresh.content }, fresh.version);
    },
    [article.id, incoming, currentVersion],
  );

  const onReady = useCallback(
    (editorApi: EditorApi) => {
      api.current = editorApi;
      // The editor's Markdown for the stored text is the baseline: loading alone never saves.
      setBaseline(editorApi.getMarkdown());
      setReady(true);
      restoreUnsaved((version) => loadRevision(article.id, version));
    },
    [setBaseline, restoreUnsaved, article.id],
  );

  // The page re-rendered with a newer version (after a run): the same as a live update.
  useEffect(() => {
    if (article.version > currentVersion()) void pull(article.version);
  }, [article.version, pull, currentVersion]);

  // Proposals: this editor is their host (saves before a change is taken, takes the result in place).
  const { state: proposals, store } = useProposals(article.id);
  useEffect(() => {
    store.host = {
      prepare: async () => {
        await flush();
        for (let i = 0; i < 200 && saving(); i++) await new Promise((r) => setTimeout(r, 50));
        await flush();
        // The version as of now: the save just made moved it on, and this render has not seen that yet.
        return isClean() ? currentVersion() : null;
      },
      stored: () => stored.current,
      applied: (fresh) => {
        stored.current = { version: fresh.version, content: fresh.content };
        adopt({ title: fresh.title, content: fresh.content }, fresh.version);
      },
    };
    return () => {
      store.host = null;
    };
  }, [store, flush, saving, isClean, adopt, currentVersion]);

  const review = useMemo<ReviewInput | null>(() => {
    const at = stored.current;
    if (proposals.proposals.length === 0) return null;
    const changes: ReviewChange[] = proposals.proposals.flatMap((p) =>
      p.changes.map((c) => ({ ...c, proposalId: p.id, key: changeKey(c), decision: proposals.decisions[p.id]?.[changeKey(c)] ?? null })),
    );
    // Placed afresh only when every proposal was computed against the text the editor shows; otherwise (the
    // writer typed, a save is on its way, the list is being read again) the marks stay where they are.
    const settled = autosave.status !== "dirty" && autosave.status !== "conflict" && autosave.status !== "saving";
    const inSync = settled && at.version === autosave.version && proposals.proposals.every((p) => p.currentVersion === at.version);
    return { markdown: at.content, inSync, changes };
  }, [proposals, autosave.version, autosave.status]);

  // The session's events: live sync, proposals, the streamed draft and whether a run is working.
  const { stream, running, stopping, stopError, stop } = useArticleSync({
    articleId: article.id,
    session,
    pull,
    refreshProposals: store.refresh,
    stopFailed: (m) => fill(s.stopFailed, { m: m ?? messages.offline }),
  });

  // The draft streams into the page only while the article is still empty (a first draft applies directly).
  const empty = autosave.saved().content.trim() === "" && !(api.current?.getMarkdown() ?? article.content).trim();
  const streaming = running && stream !== null && stream.text.length > 0 && empty;

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
  const pendingChanges = review?.changes.length ?? 0;

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
            readOnly={streaming}
            data-testid="article-title"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-xl font-semibold"
          />
        </label>
        <SaveIndicator status={autosave.status} message={autosave.message} version={autosave.version} />
        <button
          type="button"
          onClick={() => void flush()}
          disabled={autosave.status === "saving" || autosave.status === "conflict" || streaming}
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
      <p className="sr-only" role="status" data-testid="live-sync-status">
        {autosave.merged ? fill(autosave.merged.withMine ? s.merged : s.updated, { v: autosave.merged.version }) : ""}
      </p>

      {running && !streaming && session && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="run-working">
          <span className="min-w-0 flex-1">{s.revising}</span>
          {stream && <StopButton stopping={stopping} onStop={() => void stop()} label={s.stop} busyLabel={s.stopping} />}
        </div>
      )}
      {stopError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="stop-error">
          {stopError}
        </p>
      )}
      {pendingChanges > 0 && (
        <p className="sr-only" role="status" data-testid="review-status">
          {fill(s.inDocument, { n: pendingChanges })}
        </p>
      )}

      {conflict && <MergePanel conflict={conflict} onChoose={autosave.choose} onDone={() => void autosave.finishMerge()} />}

      {streaming && stream && (
        <section aria-live="polite" aria-busy="true" className="rounded-lg border border-indigo-200 bg-white" data-testid="draft-stream">
          <div className="sticky top-0 z-10 flex flex-wrap items-center gap-3 border-b border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
            <span className="min-w-0 flex-1">{s.draftStreaming}</span>
            <StopButton stopping={stopping} onStop={() => void stop()} label={s.stop} busyLabel={s.stopping} />
          </div>
          <StreamView markdown={stream.text} language={session?.language ?? "en"} />
        </section>
      )}

      <div className={`rounded-lg border border-slate-300 bg-white ${streaming ? "hidden" : ""}`} data-testid="editor-mine">
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
          review={review}
          onDecide={(change, decision) => store.decide(change.proposalId, change.key, decision)}
          onAiEdit={(note, applyEdit) => {
            void (async () => {
              // The writer's own edits are saved as theirs first; then the AI's edit, recorded as the AI's.
              await flush();
              for (let i = 0; i < 200 && saving(); i++) await new Promise((r) => setTimeout(r, 50));
              applyEdit();
              // With an overlap still open nothing saves now; the edit goes with the writer's next save (flush
              // drops the AI source then, so it never sticks to the writer's own text).
              await flushAs({ source: "capability", note });
            })();
          }}
        />
      </div>
    </section>
  );
}
