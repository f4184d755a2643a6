import { after } from "next/server";
import { requireUser } from "@/lib/auth";
import { getRunOrThrow } from "@/lib/genflow/runs";
import { runParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { RunContext } from "@/lib/route-context";

// GET /api/genflow/sessions/{id}/actions/{actionId} – the run's status, result and usage
export const GET = handle(async (req, ctx: RunContext) => {
  const { id, actionId } = readParams(await ctx.params, runParams);
  const { userId } = await requireUser(req);
  return Response.json(await getRunOrThrow({ sessionId: id, actionId, userId, schedule: after }));
});
