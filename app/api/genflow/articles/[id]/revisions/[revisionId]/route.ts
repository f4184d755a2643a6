import { requireUser } from "@/lib/auth";
import { getRevisionOrThrow } from "@/lib/genflow/articles";
import { revisionParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { RevisionContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/revisions/{revisionId} – one revision with its content
export const GET = handle(async (req, ctx: RevisionContext) => {
  const { id, revisionId } = readParams(await ctx.params, revisionParams);
  const { userId } = await requireUser(req);
  return Response.json(await getRevisionOrThrow({ articleId: id, revisionId, userId }));
});
