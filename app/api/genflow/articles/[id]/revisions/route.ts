import { requireUser } from "@/lib/auth";
import { listRevisions } from "@/lib/genflow/articles";
import { idParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/revisions – every revision with its source, newest first
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  return Response.json({ revisions: await listRevisions({ articleId: id, userId }) });
});
