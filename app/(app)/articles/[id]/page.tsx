import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleEditor } from "@/components/workspace/article-editor";
import { HistoryPanel } from "@/components/workspace/history-panel";
import { ProposalList } from "@/components/workspace/proposal-list";
import { SessionPanel } from "@/components/workspace/session-panel";
import { getModelStatus } from "@/lib/genflow/models";
import { openLiveSession } from "@/lib/genflow/sessions";
import { getPublicPusherConfig } from "@/lib/realtime/public-config";
import { StageStepper } from "@/components/workspace/stage-stepper";
import { getCurrentUserId } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getArticleOrThrow, renderMarkdownToHtml } from "@/lib/genflow/articles";
import { getLocale } from "@/lib/locale";

async function loadArticle(id: string, userId: string) {
  try {
    return await getArticleOrThrow({ id, userId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, userId, { t, locale }] = await Promise.all([params, getCurrentUserId(), getLocale()]);
  if (!userId) notFound();
  const article = await loadArticle(id, userId);
  const session = await openLiveSession({ userId, articleId: article.id, locale });
  return (
    <section className="space-y-6">
      <Link href="/" className="text-sm text-indigo-700 hover:underline">
        ← {t("back")}
      </Link>
      <StageStepper current={session.progress.stage} locale={locale} />
      <SessionPanel
        initial={session}
        pusher={getPublicPusherConfig()}
        modelConfigured={getModelStatus().configured}
        locale={locale}
        article={{ id: article.id, title: article.title, content: article.content, version: article.version }}
        publishHtml={session.progress.stage === "publish" ? renderMarkdownToHtml(`# ${article.title}\n\n${article.content}`) : null}
      />
      <ArticleEditor
        article={{ id: article.id, title: article.title, content: article.content, version: article.version }}
        session={{
          sessionId: session.sessionId,
          capabilities: session.capabilities,
          language: session.language,
          lastSeq: session.lastSeq,
          processing: session.progress.status === "processing",
          pusher: getPublicPusherConfig(),
        }}
      />
      <ProposalList articleId={article.id} locale={locale} />
      <HistoryPanel articleId={article.id} version={article.version} locale={locale} />
    </section>
  );
}
