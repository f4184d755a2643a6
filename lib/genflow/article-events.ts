// Article writes announced on the article's session channel: every change to an article's text (the writer's
// save, a restore, an accepted proposal, a first draft) emits `article.updated` there, numbered in the write's
// transaction and published after it commits, so another tab or an integrator sees it within a second.
import "server-only";
import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Emit } from "@/lib/genflow/event-types";
import { transactWithEvents } from "@/lib/genflow/events";

export const ARTICLE_UPDATE_SOURCES = ["writer", "stage", "proposal", "restore", "variant"] as const;
export type ArticleUpdateSource = (typeof ARTICLE_UPDATE_SOURCES)[number];

/** The channel an article's events go to: its newest session's (clients of older ones moved on). */
export async function articleSessionId({ articleId, userId }: { articleId: string; userId?: string }): Promise<string | null> {
  const session = await db.session.findFirst({
    where: { articleId, ...(userId ? { userId } : {}) },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return session?.id ?? null;
}

/**
 * Runs `fn` in a transaction whose events go to the article's newest session (numbered there, published
 * after commit). An article without a session has no channel: its events are dropped, the write still happens.
 */
export async function transactOnArticle<T>(
  { articleId, userId }: { articleId: string; userId?: string },
  fn: (tx: Prisma.TransactionClient, emit: Emit) => Promise<T>,
): Promise<T> {
  const sessionId = await articleSessionId({ articleId, userId });
  if (!sessionId) return db.$transaction((tx) => fn(tx, async () => {}));
  try {
    return await transactWithEvents(sessionId, fn);
  } catch (error) {
    // The session was deleted meanwhile (its event could not be numbered): the write rolled back, so it is
    // simply made again on the article's channel as it is now.
    const gone = error instanceof AppError && error.code === "not_found" && !(await db.session.findUnique({ where: { id: sessionId }, select: { id: true } }));
    if (gone) return transactOnArticle({ articleId, userId }, fn);
    throw error;
  }
}

/** The `article.updated` event: a pointer (clients GET the article for its text). */
export function articleUpdated(
  emit: Emit,
  data: { articleId: string; version: number; title: string; source: ArticleUpdateSource; revisionId: string },
): Promise<void> {
  return emit({ type: "article.updated", data });
}
