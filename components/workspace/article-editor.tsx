"use client";
import { useState, useTransition } from "react";
import { type SaveState, saveArticleAction } from "@/app/(app)/actions";
import type { Dictionary } from "@/lib/i18n";

interface ArticleDraft {
  id: string;
  title: string;
  content: string;
  version: number;
}

// A plain Markdown editor saved with baseVersion: a change made elsewhere comes back as a conflict,
// never as a silent overwrite.
export function ArticleEditor({ article, t }: { article: ArticleDraft; t: Dictionary }) {
  const [title, setTitle] = useState(article.title);
  const [content, setContent] = useState(article.content);
  const [version, setVersion] = useState(article.version);
  const [state, setState] = useState<SaveState | null>(null);
  const [pending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      const result = await saveArticleAction({ articleId: article.id, baseVersion: version, title, content });
      if (result.status === "saved") setVersion(result.version);
      setState(result);
    });

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label className="block">
        <span className="sr-only">Title</span>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="article-title"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-xl font-semibold"
        />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">{t.content}</span>
        <textarea
          value={content}
          onChange={(e) => setContent(e.target.value)}
          rows={18}
          data-testid="article-content"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} data-testid="save-article" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60">
          {pending ? t.working : t.save}
        </button>
        <span className="text-xs text-slate-500" data-testid="article-version">
          {t.version} {version}
        </span>
        <span role="status" className="text-sm" data-testid="save-status">
          {state?.status === "saved" && <span className="text-green-700">{t.saved}</span>}
          {state?.status === "conflict" && <span className="text-amber-700">{t.conflict}</span>}
          {state?.status === "error" && <span className="text-red-700">{state.message}</span>}
        </span>
      </div>
    </form>
  );
}
