import { requireUser } from "@/lib/auth";
import { createWebhookEndpoint, createWebhookSchema, listWebhookEndpoints } from "@/lib/genflow/webhooks/endpoints";
import { handle, readJson } from "@/lib/http";

// POST /api/genflow/webhooks – register an endpoint (URL + events); its signing secret is returned only this once
export const POST = handle(async (req) => {
  const input = await readJson(req, createWebhookSchema);
  const { userId } = await requireUser(req);
  return Response.json(await createWebhookEndpoint({ userId, ...input }), { status: 201 });
});

// GET /api/genflow/webhooks – the caller's endpoints (never their secrets)
export const GET = handle(async (req) => {
  const { userId } = await requireUser(req);
  return Response.json({ webhooks: await listWebhookEndpoints({ userId }) });
});
