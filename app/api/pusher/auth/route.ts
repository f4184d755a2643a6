import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { zodDetails } from "@/lib/http";
import { authorizeChannel, channelAuthSchema } from "@/lib/realtime/authorize";
import { handle } from "@/lib/http";

// POST /api/pusher/auth – sign a private-session-{id} subscription for the session's owner (403 otherwise)
export const POST = handle(async (req) => {
  // pusher-js posts a form; integrators may send JSON.
  const type = req.headers.get("content-type") ?? "";
  const raw = type.includes("json") ? await req.json().catch(() => null) : Object.fromEntries(new URLSearchParams(await req.text()));
  const parsed = channelAuthSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("validation_failed", "Send socket_id and channel_name", { details: zodDetails(parsed.error) });
  const { userId } = await requireUser(req);
  return Response.json(await authorizeChannel({ userId, socketId: parsed.data.socket_id, channel: parsed.data.channel_name }));
});
