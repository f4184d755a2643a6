// Working sessions over an article: creation, reads with expiry, listing, deletion and clean-up.
import "server-only";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { createArticle } from "@/lib/genflow/articles";
import { localeSchema, stageSchema } from "@/lib/genflow/stage-schemas";
import { type Locale, type Stage, type Status, getCapabilities } from "@/lib/genflow/stages";
import type { SessionResponse } from "@/lib/genflow/responses";
import { readSessionContext, sessionContextSchema } from "@/lib/genflow/session-context";
import { toJsonColumn } from "@/lib/genflow/json-column";
import { readStageData } from "@/lib/genflow/stage-data";
import { getAvailableActions } from "@/lib/genflow/state-machine";
import { channelFor } from "@/lib/realtime/channels";

export const createSessionSchema = z.object({
  articleId: z.string().min(1).max(100).optional(),
  title: z.string().trim().min(1).max(300).optional(),
  initialStage: stageSchema.optional(),
  context: sessionContextSchema.default({}),
  language: localeSchema.optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

const duplicateDetails = z.object({ sessionId: z.string() });

const ttlMs = () => env.SESSION_TTL_MINUTES * 60_000;

/** 120 → "2 hours", 90 → "90 minutes", 1 → "1 minute": the real SESSION_TTL_MINUTES in words. */
export function describeTtl(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
// Extending expiry on every read would turn each GET into a write; a minute's resolution is plenty.
const TOUCH_RESOLUTION_MS = 60_000;

const sessionSelect = {
  id: true,
  articleId: true,
  stage: true,
  status: true,
  progress: true,
  currentStep: true,
  estimatedTime: true,
  stageData: true,
  context: true,
  errorMessage: true,
  language: true,
  tokensIn: true,
  tokensOut: true,
  costUsd: true,
  lastSeq: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
  article: { select: { title: true } },
  messages: { orderBy: { createdAt: "desc" }, take: 1, select: { role: true, content: true, createdAt: true } },
} satisfies Prisma.SessionSelect;

type SessionRow = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;

function effectiveStatus(row: Pick<SessionRow, "status" | "expiresAt">): Status {
  return row.status !== "processing" && row.expiresAt.getTime() <= Date.now() ? "expired" : row.status;
}

export function toSessionView(row: SessionRow, locale: Locale = "en"): SessionResponse {
  const { stage } = row;
  const lastMessage = row.messages[0];
  const status = effectiveStatus(row);
  return {
    sessionId: row.id,
    articleId: row.articleId,
    title: row.article.title,
    language: row.language,
    progress: { stage, status, progress: row.progress, estimatedTime: row.estimatedTime, currentStep: row.currentStep },
    availableActions: getAvailableActions({ stage, status, locale }),
    capabilities: getCapabilities(stage),
    lastMessage: lastMessage ? { ...lastMessage, createdAt: lastMessage.createdAt.toISOString() } : null,
    stageData: readStageData(row.stageData),
    context: readSessionContext(row.context),
    errorMessage: row.errorMessage,
    usage: {
      tokensIn: row.tokensIn,
      tokensOut: row.tokensOut,
      costUsd: row.costUsd,
      budget: env.GENFLOW_SESSION_TOKEN_BUDGET || null,
    },
    lastSeq: row.lastSeq,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    realtime: { channel: channelFor(row.id) },
  };
}

export async function createSession({ userId, input, locale }: { userId: string; input: CreateSessionInput; locale: Locale }) {
  const row = await db.$transaction(async (tx) => {
    let article: { id: string; stage: Stage; language: Locale; stageData: Prisma.JsonValue };
    if (input.articleId) {
      // Lock the article: two sessions racing to open it must not both become its live session.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Article" WHERE id = ${input.articleId} AND "userId" = ${userId} FOR UPDATE`;
      if (locked.length === 0) throw notFound("Article");
      const live = await tx.session.findFirst({
        where: { articleId: input.articleId, expiresAt: { gt: new Date() } },
        select: { id: true },
      });
      if (live) {
        throw new AppError("duplicate", "This article already has a live session; use it or delete it first", {
          details: { sessionId: live.id },
        });
      }
      article = await tx.article.findUniqueOrThrow({ where: { id: input.articleId } });
    } else {
      article = await createArticle(tx, { userId, title: input.title, language: input.language ?? locale });
    }
    const stage = input.initialStage ?? article.stage;
    if (stage !== article.stage) await tx.article.update({ where: { id: article.id }, data: { stage } });
    return tx.session.create({
      data: {
        articleId: article.id,
        userId,
        stage,
        language: input.language ?? article.language,
        context: toJsonColumn(input.context),
        stageData: article.stageData ?? {},
        expiresAt: new Date(Date.now() + ttlMs()),
      },
      select: sessionSelect,
    });
  });
  return toSessionView(row, locale);
}

async function findOwnedSession({ id, userId }: { id: string; userId: string }) {
  const row = await db.session.findFirst({ where: { id, userId }, select: sessionSelect });
  if (!row) throw notFound("Session");
  return row;
}

/** The caller's live session; an expired one answers 410 (its article is kept). Reading counts as activity. */
export async function getSessionOrThrow({ id, userId }: { id: string; userId: string }) {
  const row = await findOwnedSession({ id, userId });
  if (effectiveStatus(row) === "expired") {
    throw new AppError(
      "session_expired",
      `This session expired after ${describeTtl(env.SESSION_TTL_MINUTES)} without activity; start a new one for the article`,
      {
        details: { articleId: row.articleId },
      },
    );
  }
  const remaining = row.expiresAt.getTime() - Date.now();
  if (ttlMs() - remaining > TOUCH_RESOLUTION_MS) {
    row.expiresAt = new Date(Date.now() + ttlMs());
    await db.session.updateMany({ where: { id }, data: { expiresAt: row.expiresAt } });
  }
  return row;
}

export async function listSessions({
  userId,
  cursor,
  limit,
  articleId,
  locale,
}: {
  userId: string;
  cursor?: string;
  limit: number;
  articleId?: string;
  locale: Locale;
}) {
  const rows = await db.session.findMany({
    where: { userId, ...(articleId ? { articleId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: sessionSelect,
  });
  const page = rows.slice(0, limit);
  return { items: page.map((row) => toSessionView(row, locale)), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export async function deleteSession({ id, userId }: { id: string; userId: string }) {
  const { count } = await db.session.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Session");
}

/** Removes sessions past their expiry (cron). Articles and revisions stay: expiry ends a session, not the work. */
export async function cleanupExpiredSessions({ now = new Date() } = {}) {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: now }, status: { not: "processing" } } });
  return { deleted: count };
}

/** The editor's entry point: the article's live session, or a new one that resumes at the article's stage. */
export async function openLiveSession({ userId, articleId, locale }: { userId: string; articleId: string; locale: Locale }) {
  const live = await db.session.findFirst({
    where: { articleId, userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (live) return toSessionView(await getSessionOrThrow({ id: live.id, userId }), locale);
  try {
    return await createSession({ userId, input: { articleId, context: {} }, locale });
  } catch (error) {
    // Another tab opened it at the same moment: use that one.
    if (error instanceof AppError && error.code === "duplicate") {
      const { sessionId } = duplicateDetails.parse(error.details);
      return toSessionView(await getSessionOrThrow({ id: sessionId, userId }), locale);
    }
    throw error;
  }
}
