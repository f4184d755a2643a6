// Browser calls to an article's proposals (cookie auth, CONTRACT.md "Proposals"): list the pending ones,
// accept some or all of a proposal's changes at the article's version, reject it.
import type { ArticleResponse } from "@/lib/genflow/responses";

import type { ProposalResponse } from "@/lib/genflow/proposal-responses";

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

const base = (articleId: string) => `/api/genflow/articles/${encodeURIComponent(articleId)}/proposals`;

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { cache: "no-store", ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (res.ok) return (await res.json()) as T;
  let message = `HTTP ${res.status}`;
  let code: string | undefined;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { message?: string; code?: string; details?: unknown } };
    message = body.error?.message ?? message;
    code = body.error?.code;
    details = body.error?.details;
  } catch {
    // not JSON: keep the status line
  }
  throw new ProposalError(message, res.status, code, details);
}

export const listPendingProposals = async (articleId: string) => (await call<{ proposals: ArticleProposal[] }>(`${base(articleId)}?status=pending`)).proposals;

export const getProposal = (articleId: string, proposalId: string) => call<ArticleProposal>(`${base(articleId)}/${encodeURIComponent(proposalId)}`);

export const acceptProposal = (articleId: string, proposalId: string, body: { version: number; changeIds?: string[] }) =>
  call<{ proposal: ArticleProposal; article: ArticleResponse }>(`${base(articleId)}/${encodeURIComponent(proposalId)}/accept`, {
    method: "POST",
    body: JSON.stringify(body),
  });

export const rejectProposal = (articleId: string, proposalId: string) =>
  call<{ proposal: ArticleProposal }>(`${base(articleId)}/${encodeURIComponent(proposalId)}/reject`, { method: "POST", body: "{}" });

export async function getArticle(articleId: string): Promise<ArticleResponse> {
  return call<ArticleResponse>(`/api/genflow/articles/${encodeURIComponent(articleId)}`);
}
