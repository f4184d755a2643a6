import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { handle, readForm, readJson, zodDetails } from "@/lib/http";
import { authorizeChannel, channelAuthSchema } from "@/lib/realtime/authorize";

// POST /api/pusher/auth – sign a private-session-{id} subscription for the session's owner (403 otherwise)
export const POST = handle(async (req) => {
  // pusher-js posts a form; integrators may send JSON.
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "");
  const input = isForm ? channelAuthSchema.safeParse(await readForm(req)) : { success: true as const, data: await readJson(req, channelAuthSchema) };
  if (!input.success) throw new AppError("validation_failed", "Send socket_id and channel_name", { details: zodDetails(input.error) });
  const { userId } = await requireUser(req);
  return Response.json(await authorizeChannel({ userId, socketId: input.data.socket_id, channel: input.data.channel_name }));
});
