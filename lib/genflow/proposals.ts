// Proposals: an AI change to an article's text kept apart until the writer decides. Shown against the article
// as it is NOW by a three-way merge (base → current, base → the AI's text), accepted whole or change by
// change (one revision naming the stage, the model and the changes taken), or rejected (recorded).
// Pending proposals stay pending when the article moves on or a newer proposal arrives: each is recomputed
// against the current text, so an older one shows only what it still changes (nothing is marked superseded).
import "server-only";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { type ArticleUpdateSource, articleUpdated, transactOnArticle } from "@/lib/genflow/article-events";
import { type ArticleRow, articleView, staleVersion, toArticleResponse } from "@/lib/genflow/articles";
import type { Emit } from "@/lib/genflow/event-types";
import { applyComputed, computeChanges, type ProposalChange } from "@/lib/genflow/merge";
import {
  PROPOSAL_SOURCES,
  PROPOSAL_STATUSES,
  type ProposalAcceptedResponse,
  type ProposalRejectedResponse,
  type ProposalResponse,
} from "@/lib/genflow/proposal-responses";
import type { Stage } from "@/lib/genflow/stages";

type ProposalRow = Prisma.ProposalModel;
type ArticleText = Pick<ArticleRow, "version" | "title" | "content">;

const storedIds = z.array(z.string()).nullable().catch(null);
const storedSource = z.enum(PROPOSAL_SOURCES).catch("stage");
// "superseded" is in the database enum but never written; were a row to hold it, it reads as not pending.
const storedStatus = z.enum(PROPOSAL_STATUSES).catch("rejected");

/** The changes a pending proposal makes to the article as it is now (none once it is resolved). */
export function changesOf(row: ProposalRow, article: ArticleText): ProposalChange[] {
  if (row.status !== "pending") return [];
  return computeChanges({ base: row.baseContent, current: article.content, proposed: row.content });
}

/** The AI's title, when it proposes a new one and the writer has not retitled the article since the base. */
export function titleChange(row: Pick<ProposalRow, "title" | "baseTitle">, article: Pick<ArticleRow, "title">): string | null {
  if (row.title === null || row.title === row.baseTitle || row.title === article.title) return null;
  return article.title === row.baseTitle ? row.title : null;
}

export function toProposalResponse(row: ProposalRow, article: ArticleText, changes = changesOf(row, article)): ProposalResponse {
  return {
    id: row.id,
    articleId: row.articleId,
    sessionId: row.sessionId,
    runId: row.runId,
    status: storedStatus.parse(row.status),
    source: storedSource.parse(row.source),
    stage: row.stage,
    action: row.action,
    model: row.model,
    note: row.note,
    variantId: row.variantId,
    baseVersion: row.baseVersion,
    title: row.title,
    content: row.content,
    acceptedChanges: storedIds.parse(row.acceptedChanges),
    resolvedVersion: row.resolvedVersion,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    currentVersion: article.version,
    changes,
  };
}

export interface CreateProposalInput {
  tx: Prisma.TransactionClient;
  /** When given, `proposal.ready` is emitted with it (the caller's transactWithEvents / transactOnArticle). */
  emit?: Emit;
  articleId: string;
  sessionId?: string | null;
  runId?: string | null;
  source: (typeof PROPOSAL_SOURCES)[number];
  stage?: Stage | null;
  action?: string | null;
  model?: string | null;
  note?: string | null;
  variantId?: string | null;
  /** The article as the AI saw it. */
  base: ArticleText;
  /** The AI's title, if it proposes one. */
  title?: string | null;
  content: string;
  /** Its changes against the article now, when the caller (holding the article's lock) computed them already. */
  changes?: ProposalChange[];
}

/** Stores a pending proposal in the caller's transaction; answers it with its changes against the article now. */
export async function createProposal({ tx, emit, base, changes, ...input }: CreateProposalInput): Promise<ProposalResponse> {
  const row = await tx.proposal.create({
    data: {
      articleId: input.articleId,
      sessionId: input.sessionId ?? null,
      runId: input.runId ?? null,
      source: input.source,
      stage: input.stage ?? null,
      action: input.action ?? null,
      model: input.model ?? null,
      note: input.note ?? null,
      variantId: input.variantId ?? null,
      baseVersion: base.version,
      baseTitle: base.title,
      baseContent: base.content,
      title: input.title ?? null,
      content: input.content,
    },
  });
  const article = await tx.article.findUniqueOrThrow({ where: { id: input.articleId }, select: articleView });
  const proposal = toProposalResponse(row, article, changes);
  if (emit) await proposalReady(emit, proposal);
  return proposal;
}

/** Tells the session a proposal waits: only the counts of its changes travel (clients fetch the proposal). */
export function proposalReady(
  emit: Emit,
  proposal: Pick<ProposalResponse, "id" | "articleId" | "baseVersion" | "action" | "stage"> & { changes: readonly Pick<ProposalChange, "kind">[] },
): Promise<void> {
  return emit({
    type: "proposal.ready",
    data: {
      proposalId: proposal.id,
      articleId: proposal.articleId,
      baseVersion: proposal.baseVersion,
      changes: proposal.changes.length,
      conflicts: proposal.changes.filter((c) => c.kind === "conflict").length,
      action: proposal.action,
      stage: proposal.stage,
    },
  });
}

/**
 * Writes the changes `take` of a proposal into the article (one revision naming the stage, model and changes
 * taken), conditional on the article still being at `article.version`. Null when there was nothing to write.
 */
export async function mergeIntoArticle({
  tx,
  emit,
  row,
  article,
  take,
  changes = changesOf(row, article),
  verb,
  event,
}: {
  tx: Prisma.TransactionClient;
  emit: Emit;
  row: ProposalRow;
  article: ArticleRow;
  take: string[];
  /** The proposal's changes against `article`, when the caller computed them already. */
  changes?: ProposalChange[];
  verb: string;
  event: ArticleUpdateSource;
}): Promise<ArticleRow | null> {
  const content = applyComputed({ current: article.content, changes, take });
  const title = titleChange(row, article);
  if (content === article.content && title === null) return null;
  const { count } = await tx.article.updateMany({
    where: { id: article.id, version: article.version },
    data: { content, ...(title === null ? {} : { title }), version: { increment: 1 } },
  });
  if (count === 0) throw staleVersion(article.version, await tx.article.findUniqueOrThrow({ where: { id: article.id }, select: articleView }));
  const updated = await tx.article.findUniqueOrThrow({ where: { id: article.id }, select: articleView });
  // Notes are stable English words and identifiers (the History names them in the writer's language:
  // components/workspace/revision-note.ts), so a proposal without a note is named by its action's id.
  const what = row.note ?? row.action ?? "a proposal";
  const revision = await tx.articleRevision.create({
    data: {
      articleId: article.id,
      version: updated.version,
      title: updated.title,
      content: updated.content,
      source: storedSource.parse(row.source),
      stage: row.stage,
      model: row.model,
      note: take.length ? `${verb} ${take.join(", ")} of ${what}` : `${verb} the title of ${what}`,
    },
    select: { id: true },
  });
  await articleUpdated(emit, { articleId: article.id, version: updated.version, title: updated.title, source: event, revisionId: revision.id });
  return updated;
}

/** The proposal, if it belongs to an article of the user. */
async function findOwned({ articleId, proposalId, userId }: { articleId: string; proposalId: string; userId: string }) {
  const row = await db.proposal.findFirst({ where: { id: proposalId, articleId, article: { userId } } });
  if (!row) throw notFound("Proposal");
  return row;
}

async function findArticle(client: Pick<Prisma.TransactionClient, "article">, { id, userId }: { id: string; userId: string }) {
  const article = await client.article.findFirst({ where: { id, userId }, select: articleView });
  if (!article) throw notFound("Article");
  return article;
}

export async function listProposals({ articleId, userId, status }: { articleId: string; userId: string; status: "pending" | "all" }) {
  const article = await findArticle(db, { id: articleId, userId });
  const rows = await db.proposal.findMany({
    where: { articleId, ...(status === "pending" ? { status: "pending" } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return rows.map((row) => toProposalResponse(row, article));
}

export async function getProposal(args: { articleId: string; proposalId: string; userId: string }): Promise<ProposalResponse> {
  const row = await findOwned(args);
  return toProposalResponse(row, await findArticle(db, { id: args.articleId, userId: args.userId }));
}

function notPending(row: ProposalRow): AppError {
  return new AppError("conflict", `The proposal was already ${row.status}`);
}

/**
 * Accepts a pending proposal (all its changes, or `changeIds`) against article `version`: one revision with the
 * changes taken. 409 stale_version when the article moved on (details.current), 409 conflict when the proposal
 * is no longer pending, 422 for a change id it does not have.
 */
export async function acceptProposal({
  articleId,
  proposalId,
  userId,
  version,
  changeIds,
}: {
  articleId: string;
  proposalId: string;
  userId: string;
  version: number;
  changeIds?: string[];
}): Promise<ProposalAcceptedResponse> {
  await findOwned({ articleId, proposalId, userId });
  return transactOnArticle({ articleId, userId }, async (tx, emit) => {
    const resolvedAt = new Date();
    // The claim: of concurrent accepts and rejects, one sees it pending; the row stays locked until commit.
    const { count } = await tx.proposal.updateMany({ where: { id: proposalId, status: "pending" }, data: { status: "accepted", resolvedAt } });
    const row = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    if (count === 0) throw notPending(row);
    const article = await findArticle(tx, { id: articleId, userId });
    if (article.version !== version) throw staleVersion(version, article);
    const changes = computeChanges({ base: row.baseContent, current: article.content, proposed: row.content });
    const known = new Set(changes.map((c) => c.id));
    const unknown = (changeIds ?? []).filter((id) => !known.has(id));
    if (unknown.length) {
      throw new AppError("validation_failed", `The proposal has no change ${unknown.join(", ")} at version ${version}`, {
        details: [{ field: "changeIds", message: `unknown: ${unknown.join(", ")}` }],
      });
    }
    const take = changeIds ? changes.map((c) => c.id).filter((id) => changeIds.includes(id)) : [...known];
    const updated = (await mergeIntoArticle({ tx, emit, row, article, take, changes, verb: "accepted", event: "proposal" })) ?? article;
    const resolved = await tx.proposal.update({ where: { id: proposalId }, data: { acceptedChanges: take, resolvedVersion: updated.version } });
    await emit({ type: "proposal.resolved", data: { proposalId, status: "accepted", version: updated.version, acceptedChanges: take } });
    return { proposal: toProposalResponse(resolved, updated), article: toArticleResponse(updated) };
  });
}

/** Rejects a pending proposal: the article is untouched, the decision recorded. 409 conflict when not pending. */
export async function rejectProposal(args: { articleId: string; proposalId: string; userId: string }): Promise<ProposalRejectedResponse> {
  await findOwned(args);
  return transactOnArticle({ articleId: args.articleId, userId: args.userId }, async (tx, emit) => {
    const { count } = await tx.proposal.updateMany({ where: { id: args.proposalId, status: "pending" }, data: { status: "rejected", resolvedAt: new Date() } });
    const row = await tx.proposal.findUniqueOrThrow({ where: { id: args.proposalId } });
    if (count === 0) throw notPending(row);
    await emit({ type: "proposal.resolved", data: { proposalId: row.id, status: "rejected", version: null, acceptedChanges: null } });
    return { proposal: toProposalResponse(row, await findArticle(tx, { id: args.articleId, userId: args.userId })) };
  });
}
