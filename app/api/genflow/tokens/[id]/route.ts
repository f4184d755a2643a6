import { requireUser } from "@/lib/auth";
import { idParams } from "@/lib/genflow/schemas";
import { revokeApiToken } from "@/lib/genflow/tokens";
import { handle, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// DELETE /api/genflow/tokens/{id} – revoke a token; it stops working at once
export const DELETE = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  await revokeApiToken({ id, userId });
  return new Response(null, { status: 204 });
});
