import { requireUser } from "@/lib/auth";
import { listProposals } from "@/lib/genflow/proposals";
import { idParams, listProposalsQuery } from "@/lib/genflow/schemas";
import { handle, readParams, readQuery } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/proposals?status=pending|all – the article's AI proposals, newest first, with their changes against the current text
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { status } = readQuery(req, listProposalsQuery);
  const { userId } = await requireUser(req);
  return Response.json({ proposals: await listProposals({ articleId: id, userId, status }) });
});
