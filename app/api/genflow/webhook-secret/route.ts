import { requireUser } from "@/lib/auth";
import { getPublishSecretState, rotatePublishSecret } from "@/lib/genflow/webhooks/endpoints";
import { handle } from "@/lib/http";

// GET /api/genflow/webhook-secret – whether the secret signing sessions' publishWebhookUrl deliveries exists
export const GET = handle(async (req) => {
  const { userId } = await requireUser(req);
  return Response.json(await getPublishSecretState({ userId }));
});

// POST /api/genflow/webhook-secret – create or rotate that secret; it is returned only this once
export const POST = handle(async (req) => {
  const { userId } = await requireUser(req);
  return Response.json(await rotatePublishSecret({ userId }));
});
