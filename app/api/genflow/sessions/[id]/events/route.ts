import { requireUser } from "@/lib/auth";
import { listEvents } from "@/lib/genflow/events";
import { eventsQuery, idParams } from "@/lib/genflow/schemas";
import { getSessionOrThrow } from "@/lib/genflow/sessions";
import { handle, readParams, readQuery } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/sessions/{id}/events?after={seq} – the event log after seq, for catch-up
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { after, limit } = readQuery(req, eventsQuery);
  const { userId } = await requireUser(req);
  const session = await getSessionOrThrow({ id, userId });
  const events = await listEvents({ sessionId: id, after, limit });
  return Response.json({ events, lastSeq: session.lastSeq });
});
