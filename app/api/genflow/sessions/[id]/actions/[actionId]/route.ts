import { after } from "next/server";
import { requireOwner } from "@/lib/auth";
import { getRunOrThrow } from "@/lib/genflow/runs";
import { runParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { RunContext } from "@/lib/route-context";

// GET /api/genflow/sessions/{id}/actions/{actionId} – the run's status, result and usage
export const GET = handle(async (req, ctx: RunContext) => {
  const { id, actionId } = readParams(await ctx.params, runParams);
  return Response.json(await requireOwner(req, ({ userId }) => getRunOrThrow({ sessionId: id, actionId, userId, schedule: after })));
});
