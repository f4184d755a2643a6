import { requireUser } from "@/lib/auth";
import { acceptProposal } from "@/lib/genflow/proposals";
import { acceptProposalSchema, proposalParams } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { ProposalContext } from "@/lib/route-context";

// POST /api/genflow/articles/{id}/proposals/{proposalId}/accept – take all or some changes at the article's version: one revision (409 when stale or resolved)
export const POST = handle(async (req, ctx: ProposalContext) => {
  const { id, proposalId } = readParams(await ctx.params, proposalParams);
  const { version, changeIds } = await readJson(req, acceptProposalSchema);
  const { userId } = await requireUser(req);
  return Response.json(await acceptProposal({ articleId: id, proposalId, userId, version, changeIds }));
});
