import { useMessages, useTranslations } from "next-intl";
import Link from "next/link";
import { after } from "next/server";
import { createArticleAction } from "@/lib/actions/articles";
import { DeleteArticleButton } from "@/components/dashboard/delete-article-button";
import { getCurrentUserId } from "@/lib/auth";
import { listArticles } from "@/lib/genflow/articles";
import { listLiveSessions } from "@/lib/genflow/runs";
import { STAGE_LABELS, type Stage } from "@/lib/genflow/stages";
import { getLocale } from "@/lib/locale";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const [userId, { t, locale }, { q }] = await Promise.all([getCurrentUserId(), getLocale(), searchParams]);
  const [articles, sessions] = userId
    ? await Promise.all([listArticles({ userId, query: q?.slice(0, 200) }), listLiveSessions({ userId, limit: 100, locale, schedule: after })])
    : [[], { items: [] }];
  // The newest session of each article, when it is still live (expired ones end the session, not the work).
  const liveStatus = new Map<string, string>();
  for (const s of sessions.items) {
    if (!liveStatus.has(s.articleId) && s.progress.status !== "expired") liveStatus.set(s.articleId, s.progress.status);
  }
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("dashboard")}</h1>
        <form action={createArticleAction}>
          <button type="submit" data-testid="new-article" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            {t("newArticle")}
          </button>
        </form>
      </div>
      <search className="max-w-sm">
        <form>
          <label htmlFor="q" className="sr-only">
            {t("search")}
          </label>
          <input
            id="q"
            name="q"
            defaultValue={q}
            placeholder={t("search")}
            data-testid="search"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          />
        </form>
      </search>
      {articles.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center" data-testid="empty-state">
          <h2 className="text-lg font-semibold">{t("emptyTitle")}</h2>
          <p className="mt-2 text-sm text-slate-600">{t("emptyBody")}</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="article-list">
          {articles.map((article) => (
            <li key={article.id} className="flex items-center justify-between gap-4 px-4 py-3" data-testid={`article-row-${article.id}`}>
              <div className="min-w-0 space-y-1">
                <Link href={`/articles/${article.id}`} className="block truncate font-medium text-slate-900 hover:underline" data-testid={`open-${article.id}`}>
                  {article.title}
                </Link>
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                  <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-medium text-indigo-800" data-testid="article-stage">
                    {t("stage")}: {STAGE_LABELS[article.stage as Stage]?.[locale] ?? article.stage}
                  </span>
                  <SessionBadge status={liveStatus.get(article.id)} />
                  <span>
                    {t("updated")} <time dateTime={article.updatedAt}>{dateFormat.format(new Date(article.updatedAt))}</time>
                  </span>
                </p>
              </div>
              <DeleteArticleButton articleId={article.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const BADGE: Record<string, { icon: string; className: string }> = {
  idle: { icon: "●", className: "bg-emerald-50 text-emerald-800" },
  processing: { icon: "◌", className: "bg-amber-50 text-amber-900" },
  error: { icon: "!", className: "bg-red-50 text-red-800" },
};

function SessionBadge({ status }: { status: string | undefined }) {
  const t = useTranslations();
  const messages = useMessages();
  if (!status)
    return (
      <span data-testid="article-session" data-status="none">
        {t("session")}: {t("noLiveSession")}
      </span>
    );
  const badge = BADGE[status] ?? BADGE.idle;
  return (
    <span className={`rounded-full px-2 py-0.5 font-medium ${badge.className}`} data-testid="article-session" data-status={status}>
      <span aria-hidden="true">{badge.icon} </span>
      {t("session")}: {messages.status[status as keyof typeof messages.status] ?? status}
    </span>
  );
}
