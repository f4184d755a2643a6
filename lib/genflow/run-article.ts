// What becomes of a finished run's new article text: a proposal the writer reviews against the text as it is
// now (never an overwrite), except a first draft into an article that was empty and still is, which applies
// directly. With `apply: "auto"` the proposal is merged at once: its clean changes in one revision; changes that
// conflict with what the writer typed since the run started stay a pending proposal.
import "server-only";
import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import { articleUpdated } from "@/lib/genflow/article-events";
import { type ArticleRow, articleView } from "@/lib/genflow/articles";
import type { Emit } from "@/lib/genflow/event-types";
import type { RunFence } from "@/lib/genflow/events";
import { computeChanges } from "@/lib/genflow/merge";
import { createProposal, mergeIntoArticle, proposalReady, titleChange } from "@/lib/genflow/proposals";
import { APPLY_MODES } from "@/lib/genflow/schemas";
import type { Stage } from "@/lib/genflow/stages";

export type ApplyMode = (typeof APPLY_MODES)[number];
type ArticleText = Pick<ArticleRow, "version" | "title" | "content">;

const storedApply = z.object({ apply: z.enum(APPLY_MODES) });

/** The apply mode a run was started with (kept beside its parameters; "review" when absent). */
export function readApplyMode(parameters: unknown): ApplyMode {
  const parsed = storedApply.safeParse(parameters);
  return parsed.success ? parsed.data.apply : "review";
}

export interface ArticleOutcome {
  /** The proposal made, if any (null: applied directly, or the AI changed nothing). */
  proposalId: string | null;
  /** The article version written, when the text was written (a first draft, or an auto merge). */
  version: number | null;
}

/**
 * The article a run works from. The first attempt records its version; a resumed attempt continues from its
 * checkpoint (a draft half built from that text), so it works from the same revision, not from the article as
 * the writer has changed it since: what the writer typed meanwhile stays the writer's side of the merge.
 */
export async function readRunBase({
  run,
  fence,
}: {
  run: { id: string; baseVersion: number | null; session: { article: ArticleText & { id: string } } };
  fence: RunFence;
}): Promise<ArticleText> {
  const { article } = run.session;
  if (run.baseVersion !== null) {
    const revision = await db.articleRevision.findUnique({
      where: { articleId_version: { articleId: article.id, version: run.baseVersion } },
      select: { version: true, title: true, content: true },
    });
    if (revision) return revision;
  }
  const base = { version: article.version, title: article.title, content: article.content };
  await db.run.updateMany({ where: { id: run.id, leaseOwner: fence.owner, attempts: fence.attempt }, data: { baseVersion: base.version } });
  return base;
}

/** In the run's finishing transaction (its lease already checked): turns `output.article` into a proposal. */
export async function settleArticleOutput({
  tx,
  emit,
  run,
  articleId,
  model,
  base,
  output,
  apply,
}: {
  tx: Prisma.TransactionClient;
  emit: Emit;
  run: { id: string; sessionId: string; action: string; stage: Stage };
  articleId: string;
  model: string;
  base: { version: number; title: string; content: string };
  output: { content: string; title?: string; note: string };
  apply: ApplyMode;
}): Promise<ArticleOutcome> {
  // Writers of this article wait for this transaction: what it reads as current stays current until it commits.
  await tx.$queryRaw`SELECT id FROM "Article" WHERE id = ${articleId} FOR UPDATE`;
  const article = await tx.article.findUniqueOrThrow({ where: { id: articleId }, select: articleView });
  if (base.content.trim() === "" && article.version === base.version) {
    // A first draft overwrites nothing: written as it always was.
    const updated = await tx.article.update({
      where: { id: articleId },
      data: { content: output.content, ...(output.title ? { title: output.title } : {}), version: { increment: 1 } },
      select: articleView,
    });
    const revision = await tx.articleRevision.create({
      data: {
        articleId,
        version: updated.version,
        title: updated.title,
        content: updated.content,
        source: "stage",
        stage: run.stage,
        model,
        note: output.note,
      },
      select: { id: true },
    });
    await articleUpdated(emit, { articleId, version: updated.version, title: updated.title, source: "stage", revisionId: revision.id });
    return { proposalId: null, version: updated.version };
  }
  const title = output.title ?? null;
  // Whitespace at the very end means nothing in Markdown, but an AI's trailing newline would collide with
  // anything the writer appended meanwhile: the AI's text ends as the base did.
  const content = output.content.trimEnd() + (base.content.match(/\s*$/)?.[0] ?? "");
  const changes = computeChanges({ base: base.content, current: article.content, proposed: content });
  // Nothing left to propose (the AI changed nothing, or only what the writer has already changed the same way).
  if (changes.length === 0 && titleChange({ title, baseTitle: base.title }, article) === null) return { proposalId: null, version: null };
  const proposal = await createProposal({
    tx,
    articleId,
    sessionId: run.sessionId,
    runId: run.id,
    source: "stage",
    stage: run.stage,
    action: run.action,
    model,
    note: output.note,
    base,
    title,
    content,
    changes,
  });
  if (apply === "review") {
    await proposalReady(emit, proposal);
    return { proposalId: proposal.id, version: null };
  }
  // The changes were computed once, above, under the article's lock: the merge and the events reuse them.
  const row = await tx.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
  const clean = changes.filter((c) => c.kind !== "conflict").map((c) => c.id);
  const conflicts = changes.filter((c) => c.kind === "conflict");
  const merged = await mergeIntoArticle({ tx, emit, row, article, take: clean, changes, verb: "merged", event: "proposal" });
  const version = merged?.version ?? null;
  if (conflicts.length) {
    // Conflicts with the writer's edits: those wait for the writer (the proposal is read against the text then).
    await proposalReady(emit, { ...proposal, changes: conflicts });
    return { proposalId: proposal.id, version };
  }
  await tx.proposal.update({
    where: { id: proposal.id },
    data: { status: "accepted", acceptedChanges: clean, resolvedVersion: version ?? article.version, resolvedAt: new Date() },
  });
  await emit({ type: "proposal.resolved", data: { proposalId: proposal.id, status: "accepted", version: version ?? article.version, acceptedChanges: clean } });
  return { proposalId: proposal.id, version };
}
