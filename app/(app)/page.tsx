import Link from "next/link";
import { createArticleAction } from "@/app/(app)/actions";
import { DeleteArticleButton } from "@/components/dashboard/delete-article-button";
import { getCurrentUserId } from "@/lib/auth";
import { listArticles } from "@/lib/genflow/articles";
import { STAGE_LABELS, type Stage } from "@/lib/genflow/stages";
import { getLocale } from "@/lib/locale";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const [userId, { t, locale }, { q }] = await Promise.all([getCurrentUserId(), getLocale(), searchParams]);
  const articles = userId ? await listArticles({ userId, query: q?.slice(0, 200) }) : [];
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t.dashboard}</h1>
        <form action={createArticleAction}>
          <button type="submit" data-testid="new-article" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            {t.newArticle}
          </button>
        </form>
      </div>
      <search className="max-w-sm">
        <form>
        <label htmlFor="q" className="sr-only">
          {t.search}
        </label>
        <input id="q" name="q" defaultValue={q} placeholder={t.search} data-testid="search" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
        </form>
      </search>
      {articles.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center" data-testid="empty-state">
          <h2 className="text-lg font-semibold">{t.emptyTitle}</h2>
          <p className="mt-2 text-sm text-slate-600">{t.emptyBody}</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="article-list">
          {articles.map((article) => (
            <li key={article.id} className="flex items-center justify-between gap-4 px-4 py-3">
              <div className="min-w-0">
                <Link href={`/articles/${article.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                  {article.title}
                </Link>
                <p className="text-xs text-slate-500">
                  {t.stage}: {STAGE_LABELS[article.stage as Stage]?.[locale] ?? article.stage} · {t.updated} {dateFormat.format(article.updatedAt)}
                </p>
              </div>
              <DeleteArticleButton articleId={article.id} t={t} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
