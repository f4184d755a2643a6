import { requireUser } from "@/lib/auth";
import { idParams } from "@/lib/genflow/schemas";
import { deliveriesQuery, listWebhookDeliveries } from "@/lib/genflow/webhooks/endpoints";
import { handle, readParams, readQuery } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/webhooks/{id}/deliveries – the endpoint's delivery log, newest first (status, attempts, last code)
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { limit } = readQuery(req, deliveriesQuery);
  const { userId } = await requireUser(req);
  return Response.json({ deliveries: await listWebhookDeliveries({ id, userId, limit }) });
});
