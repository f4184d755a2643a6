import { notFound } from "next/navigation";
import { ArticleEditor } from "@/components/workspace/article-editor";
import { ProposalList } from "@/components/workspace/proposal-list";
import { SessionPanel } from "@/components/workspace/session-panel";
import { getCurrentUserId } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { articleMarkdown, renderMarkdownToHtml } from "@/lib/genflow/article-render";
import { getArticleOrThrow } from "@/lib/genflow/articles";
import { getModelStatus } from "@/lib/genflow/models";
import { openLiveSession } from "@/lib/genflow/sessions";
import { getLocale } from "@/lib/locale";
import { getPublicPusherConfig } from "@/lib/realtime/public-config";

async function loadArticle(id: string, userId: string) {
  try {
    return await getArticleOrThrow({ id, userId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

// The workspace: the article's editor is the document; the session's stage, controls and drawers surround it.
export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, userId, { locale }] = await Promise.all([params, getCurrentUserId(), getLocale()]);
  if (!userId) notFound();
  const article = await loadArticle(id, userId);
  const session = await openLiveSession({ userId, articleId: article.id, locale });
  const models = getModelStatus();
  const snapshot = { id: article.id, title: article.title, content: article.content, version: article.version };
  return (
    <SessionPanel
      initial={session}
      pusher={getPublicPusherConfig()}
      modelConfigured={models.configured}
      models={models.models}
      locale={locale}
      article={snapshot}
      publishHtml={session.progress.stage === "publish" ? renderMarkdownToHtml(articleMarkdown({ ...article, stageData: session.stageData })) : null}
      railExtras={<ProposalList articleId={article.id} locale={locale} />}
    >
      <ArticleEditor
        article={snapshot}
        session={{
          sessionId: session.sessionId,
          capabilities: session.capabilities,
          language: session.language,
          lastSeq: session.lastSeq,
          processing: session.progress.status === "processing",
          pusher: getPublicPusherConfig(),
        }}
      />
    </SessionPanel>
  );
}
