import { requireUser } from "@/lib/auth";
import { idParams } from "@/lib/genflow/schemas";
import { listVariants } from "@/lib/genflow/variants";
import { handle, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/articles/{id}/variants – the article's platform variants, newest first
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  return Response.json({ variants: await listVariants({ articleId: id, userId }) });
});
