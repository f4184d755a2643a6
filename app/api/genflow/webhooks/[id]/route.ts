import { requireUser } from "@/lib/auth";
import { idParams } from "@/lib/genflow/schemas";
import { deleteWebhookEndpoint } from "@/lib/genflow/webhooks/endpoints";
import { handle, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// DELETE /api/genflow/webhooks/{id} – remove an endpoint and its delivery log
export const DELETE = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { userId } = await requireUser(req);
  await deleteWebhookEndpoint({ id, userId });
  return new Response(null, { status: 204 });
});
