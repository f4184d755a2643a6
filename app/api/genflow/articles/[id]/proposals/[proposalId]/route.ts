import { requireUser } from "@/lib/auth";
import { getProposal } from "@/lib/genflow/proposals";
import { proposalParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { ProposalContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/proposals/{proposalId} – one proposal with its changes against the current text
export const GET = handle(async (req, ctx: ProposalContext) => {
  const { id, proposalId } = readParams(await ctx.params, proposalParams);
  const { userId } = await requireUser(req);
  return Response.json(await getProposal({ articleId: id, proposalId, userId }));
});
