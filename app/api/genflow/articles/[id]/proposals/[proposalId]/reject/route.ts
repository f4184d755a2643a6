import { requireUser } from "@/lib/auth";
import { rejectProposal } from "@/lib/genflow/proposals";
import { proposalParams, rejectProposalSchema } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { ProposalContext } from "@/lib/route-context";

// POST /api/genflow/articles/{id}/proposals/{proposalId}/reject – decline a pending proposal; the article stays as it is (409 when resolved)
export const POST = handle(async (req, ctx: ProposalContext) => {
  const { id, proposalId } = readParams(await ctx.params, proposalParams);
  await readJson(req, rejectProposalSchema, { optional: true });
  const { userId } = await requireUser(req);
  return Response.json(await rejectProposal({ articleId: id, proposalId, userId }));
});
