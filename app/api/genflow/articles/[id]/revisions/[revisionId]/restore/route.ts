import { requireUser } from "@/lib/auth";
import { restoreRevision } from "@/lib/genflow/articles";
import { restoreRevisionSchema, revisionParams } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { RevisionContext } from "@/lib/route-context";

// POST /api/genflow/articles/{id}/revisions/{revisionId}/restore – make that revision current (as a new one)
export const POST = handle(async (req, ctx: RevisionContext) => {
  const { id, revisionId } = readParams(await ctx.params, revisionParams);
  const { baseVersion } = await readJson(req, restoreRevisionSchema, { optional: true });
  const { userId } = await requireUser(req);
  return Response.json(await restoreRevision({ articleId: id, revisionId, userId, baseVersion }));
});
