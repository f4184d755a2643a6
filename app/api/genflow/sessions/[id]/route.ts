import { after } from "next/server";
import { requireOwner } from "@/lib/auth";
import { getLiveSessionOrThrow } from "@/lib/genflow/runs";
import { idParams } from "@/lib/genflow/schemas";
import { deleteSession, toSessionView } from "@/lib/genflow/sessions";
import { handle, localeFrom, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// GET /api/genflow/sessions/{id} – progress, available actions, capabilities, stage data, usage
export const GET = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const row = await requireOwner(req, ({ userId }) => getLiveSessionOrThrow({ id, userId, schedule: after }));
  return Response.json(toSessionView(row, localeFrom(req)));
});

// DELETE /api/genflow/sessions/{id} – end a session (its article and revisions stay)
export const DELETE = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  await requireOwner(req, ({ userId }) => deleteSession({ id, userId }));
  return new Response(null, { status: 204 });
});
