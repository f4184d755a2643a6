import { requireUser } from "@/lib/auth";
import { idParams } from "@/lib/genflow/schemas";
import { rotateWebhookSecret } from "@/lib/genflow/webhooks/endpoints";
import { handle, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/webhooks/{id}/rotate-secret – a new signing secret, returned only this once (the old one stops at once)
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  return Response.json(await rotateWebhookSecret({ id, userId }));
});
