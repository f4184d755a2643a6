// Articles and their history: every change is a revision with its source, stale writes are refused.
import "server-only";
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { db, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { type ArticleUpdateSource, articleUpdated, transactOnArticle } from "@/lib/genflow/article-events";
import type { ArticleResponse, ArticleSummary } from "@/lib/genflow/article-responses";
import type { Locale, Stage } from "@/lib/genflow/stages";

export const articleView = {
  id: true,
  title: true,
  language: true,
  content: true,
  version: true,
  stage: true,
  createdAt: true,
  updatedAt: true,
} as const;

const revisionView = {
  id: true,
  version: true,
  title: true,
  source: true,
  stage: true,
  model: true,
  note: true,
  createdAt: true,
} as const;

export type ArticleRow = Prisma.ArticleGetPayload<{ select: typeof articleView }>;
type RevisionRow = Prisma.ArticleRevisionGetPayload<{ select: typeof revisionView }>;

/** An article as the API answers it (dates as ISO strings). */
export function toArticleResponse(row: ArticleRow): ArticleResponse {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function toRevisionResponse<R extends RevisionRow>(row: R): Omit<R, "createdAt"> & { createdAt: string } {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export const DEFAULT_TITLE: Record<Locale, string> = { en: "Untitled article", zh: "未命名文章" };

export async function createArticle(tx: Prisma.TransactionClient, { userId, title, language }: { userId: string; title?: string; language: Locale }) {
  const article = await tx.article.create({
    data: { userId, title: title || DEFAULT_TITLE[language], language },
    select: { ...articleView, stageData: true },
  });
  await tx.articleRevision.create({
    data: { articleId: article.id, version: 1, title: article.title, content: "", source: "writer", note: "created" },
  });
  return article;
}

export async function getArticleOrThrow({ id, userId }: { id: string; userId: string }): Promise<ArticleResponse> {
  const article = await db.article.findFirst({ where: { id, userId }, select: articleView });
  if (!article) throw notFound("Article");
  return toArticleResponse(article);
}

export async function listArticles({ userId, query, limit = 50 }: { userId: string; query?: string; limit?: number }): Promise<ArticleSummary[]> {
  const rows = await db.article.findMany({
    where: { userId, ...(query ? { title: { contains: query, mode: "insensitive" } } : {}) },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, title: true, language: true, stage: true, version: true, updatedAt: true },
  });
  return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
}

interface ArticleChange {
  title?: string;
  content?: string;
  language?: Locale;
}

/** A revision's origin: "writer", or "stage"/"variant" with the stage and model, and a note. */
export interface RevisionSource {
  source: string;
  stage?: Stage;
  model?: string;
  note?: string;
}

/**
 * Writes a change if the article is still at `baseVersion`: the conditional update lets exactly one of
 * several concurrent writers win; the others get 409 with the current article so nothing is overwritten.
 * The write is announced as `article.updated` (source `event`) on the article's newest session channel.
 */
export async function updateArticle({
  id,
  userId,
  baseVersion,
  change,
  source = { source: "writer" },
  event = "writer",
}: {
  id: string;
  userId: string;
  baseVersion: number;
  change: ArticleChange;
  source?: RevisionSource;
  event?: ArticleUpdateSource;
}): Promise<ArticleResponse> {
  return transactOnArticle({ articleId: id, userId }, async (tx, emit) => {
    const { count } = await tx.article.updateMany({
      where: { id, userId, version: baseVersion },
      data: { ...change, version: { increment: 1 } },
    });
    if (count === 0) {
      const current = await tx.article.findFirst({ where: { id, userId }, select: articleView });
      if (!current) throw notFound("Article");
      throw staleVersion(baseVersion, current);
    }
    const article = await tx.article.findUniqueOrThrow({ where: { id }, select: articleView });
    const revision = await tx.articleRevision.create({
      data: { articleId: id, version: article.version, title: article.title, content: article.content, ...source },
      select: { id: true },
    });
    await articleUpdated(emit, { articleId: id, version: article.version, title: article.title, source: event, revisionId: revision.id });
    return toArticleResponse(article);
  });
}

/** 409: the article moved on from `expected`; details carry the current article so nothing is overwritten. */
export function staleVersion(expected: number, current: ArticleRow): AppError {
  return new AppError("stale_version", `The article changed since version ${expected}; it is now at ${current.version}`, {
    details: { currentVersion: current.version, current: toArticleResponse(current) },
  });
}

export async function listRevisions({ articleId, userId }: { articleId: string; userId: string }) {
  await getArticleOrThrow({ id: articleId, userId });
  const rows = await db.articleRevision.findMany({ where: { articleId }, orderBy: { version: "desc" }, select: revisionView });
  return rows.map(toRevisionResponse);
}

export async function getRevisionOrThrow({ articleId, revisionId, userId }: { articleId: string; revisionId: string; userId: string }) {
  const revision = await db.articleRevision.findFirst({
    where: { id: revisionId, articleId, article: { userId } },
    select: { ...revisionView, content: true },
  });
  if (!revision) throw notFound("Revision");
  return toRevisionResponse(revision);
}

/** Restoring is itself a new revision, so a restore can be undone like any other change. */
export async function restoreRevision({
  articleId,
  revisionId,
  userId,
  baseVersion,
}: {
  articleId: string;
  revisionId: string;
  userId: string;
  baseVersion?: number;
}) {
  const revision = await getRevisionOrThrow({ articleId, revisionId, userId });
  const current = await getArticleOrThrow({ id: articleId, userId });
  return updateArticle({
    id: articleId,
    userId,
    baseVersion: baseVersion ?? current.version,
    change: { title: revision.title, content: revision.content },
    source: { source: "writer", note: `restored version ${revision.version}` },
    event: "restore",
  });
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(["img", "h1", "h2", "del", "sup", "sub", "input"]),
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    img: ["src", "alt", "title"],
    a: ["href", "title", "id"],
    sup: ["id"],
    input: ["type", "checked", "disabled"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  // The only input Markdown makes is a task list's checkbox: shown, never a form control.
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  transformTags: { input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: "" } }) },
};

export function renderMarkdownToHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }), SANITIZE_OPTIONS);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function exportArticle({ id, userId, format }: { id: string; userId: string; format: "md" | "html" }) {
  const article = await getArticleOrThrow({ id, userId });
  const markdown = `${`# ${article.title}\n\n${article.content}`.trimEnd()}\n`;
  if (format === "md") return { article, body: markdown, contentType: "text/markdown; charset=utf-8", extension: "md" };
  const html = `<!doctype html>\n<html lang="${article.language}">\n<head><meta charset="utf-8"><title>${escapeHtml(article.title)}</title></head>\n<body>\n${renderMarkdownToHtml(markdown)}</body>\n</html>\n`;
  return { article, body: html, contentType: "text/html; charset=utf-8", extension: "html" };
}

/** Deletes an article with its revisions and sessions (the writer confirmed it). */
export async function deleteArticle({ id, userId }: { id: string; userId: string }) {
  const { count } = await db.article.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Article");
}
