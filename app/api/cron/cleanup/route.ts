import { after } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recoverStaleRuns } from "@/lib/genflow/run-executor";
import { cleanupExpiredSessions } from "@/lib/genflow/sessions";
import { deliverDueWebhooks } from "@/lib/genflow/webhooks/outbox";
import { handle } from "@/lib/http";

// GET /api/cron/cleanup – Vercel Cron: resume or fail runs whose process died, send due webhook retries,
// delete expired sessions
export const GET = handle(async (req) => {
  if (!env.CRON_SECRET) throw new AppError("service_unavailable", "CRON_SECRET is not set; the clean-up route is disabled");
  if (req.headers.get("authorization") !== `Bearer ${env.CRON_SECRET}`) {
    throw new AppError("unauthorized", "Send Authorization: Bearer $CRON_SECRET");
  }
  const runs = await recoverStaleRuns({ schedule: after });
  // Webhook deliveries whose retry is due (the process that enqueued them may be gone).
  const webhooks = await deliverDueWebhooks();
  return Response.json({ ...(await cleanupExpiredSessions()), runs, webhooks });
});
