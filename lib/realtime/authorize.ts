// Private-channel authorization: a session's channel is signed only for the session's owner.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { sessionIdFromChannel } from "@/lib/realtime/channels";
import { getPusher } from "@/lib/realtime/publish";

export const channelAuthSchema = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id must look like 123.456"),
  channel_name: z.string().min(1).max(200),
});

export async function authorizeChannel({ userId, socketId, channel }: { userId: string; socketId: string; channel: string }) {
  const pusher = getPusher();
  if (!pusher) throw new AppError("service_unavailable", "Realtime is not configured on this server; poll the events endpoint instead");
  const sessionId = sessionIdFromChannel(channel);
  const owned = sessionId ? await db.session.findFirst({ where: { id: sessionId, userId }, select: { id: true } }) : null;
  if (!owned) throw new AppError("forbidden", "You may not subscribe to this channel");
  return pusher.authorizeChannel(socketId, channel);
}
