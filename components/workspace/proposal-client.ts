// Browser calls to an article's proposals (cookie auth, CONTRACT.md "Proposals"): list the pending ones,
// accept some or all of a proposal's changes at the article's version, reject it. Every answer is checked
// against the API's own zod schemas (loaded with the first call: zod and the merge code stay out of the page's
// first load); an answer that does not match is an error, never a guess.
import type { z } from "zod";
import { readApiError } from "@/components/workspace/api-error";
import type { ProposalResponse } from "@/lib/genflow/proposal-responses";
import type { ArticleResponse } from "@/lib/genflow/responses";

export type ArticleProposal = ProposalResponse;

export class ProposalError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const schemas = async () => {
  const [proposals, articles, { z }] = await Promise.all([
    import("@/lib/genflow/proposal-responses"),
    import("@/lib/genflow/article-responses"),
    import("zod"),
  ]);
  // The error envelope (responses.ts has it too, but that module reaches the action registry).
  const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
  return { ...proposals, ...articles, errorResponse };
};

const base = (articleId: string) => `/api/genflow/articles/${encodeURIComponent(articleId)}/proposals`;

async function call<S extends z.ZodType>(url: string, pick: (s: Awaited<ReturnType<typeof schemas>>) => S, init?: RequestInit): Promise<z.infer<S>> {
  const [res, s] = await Promise.all([
    fetch(url, { cache: "no-store", ...init, headers: { "content-type": "application/json", ...init?.headers } }),
    schemas(),
  ]);
  if (!res.ok) {
    const error = await readApiError(res);
    throw new ProposalError(error.message, res.status, error.code, error.details);
  }
  const parsed = pick(s).safeParse(await res.json().catch(() => undefined));
  if (parsed.success) return parsed.data;
  throw new ProposalError(`Unexpected answer from ${new URL(url, "http://x").pathname}`, res.status, "bad_response");
}

export const listPendingProposals = async (articleId: string) => (await call(`${base(articleId)}?status=pending`, (s) => s.proposalListResponse)).proposals;

export const getProposal = (articleId: string, proposalId: string) => call(`${base(articleId)}/${encodeURIComponent(proposalId)}`, (s) => s.proposalResponse);

export const acceptProposal = (articleId: string, proposalId: string, body: { version: number; changeIds?: string[] }) =>
  call(`${base(articleId)}/${encodeURIComponent(proposalId)}/accept`, (s) => s.proposalAcceptedResponse, {
    method: "POST",
    body: JSON.stringify(body),
  });

export const rejectProposal = (articleId: string, proposalId: string) =>
  call(`${base(articleId)}/${encodeURIComponent(proposalId)}/reject`, (s) => s.proposalRejectedResponse, { method: "POST", body: "{}" });

export async function getArticle(articleId: string): Promise<ArticleResponse> {
  return call(`/api/genflow/articles/${encodeURIComponent(articleId)}`, (s) => s.articleResponse);
}

/** The title and text of the article at `version` (a backup's base), or null when it cannot be read. */
export async function loadRevision(articleId: string, version: number): Promise<{ title: string; content: string } | null> {
  try {
    const { revisions } = await call(`/api/genflow/articles/${encodeURIComponent(articleId)}/revisions`, (s) => s.revisionListResponse);
    const revision = revisions.find((r) => r.version === version);
    if (!revision) return null;
    const full = await call(`/api/genflow/articles/${encodeURIComponent(articleId)}/revisions/${encodeURIComponent(revision.id)}`, (s) => s.revisionResponse);
    return { title: full.title, content: full.content };
  } catch {
    return null;
  }
}
