import { after } from "next/server";
import { requireOwner } from "@/lib/auth";
import { listEvents } from "@/lib/genflow/events";
import { eventsQuery, idParams } from "@/lib/genflow/schemas";
import { getLiveSessionOrThrow } from "@/lib/genflow/runs";
import { handle, readParams, readQuery } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/sessions/{id}/events?after={seq} – the event log after seq, for catch-up
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { after: afterSeq, limit } = readQuery(req, eventsQuery);
  // Recovery first: a dead run's failure is then among the events returned.
  const session = await requireOwner(req, ({ userId }) => getLiveSessionOrThrow({ id, userId, schedule: after }));
  const events = await listEvents({ sessionId: id, after: afterSeq, limit });
  return Response.json({ events, lastSeq: session.lastSeq });
});
