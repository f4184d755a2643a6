import { requireOwner } from "@/lib/auth";
import { cancelRun } from "@/lib/genflow/runs";
import { runParams } from "@/lib/genflow/schemas";
import { handle, readParams } from "@/lib/http";
import type { RunContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/actions/{actionId}/cancel – stop a running action
export const POST = handle(async (req, ctx: RunContext) => {
  const { id, actionId } = readParams(await ctx.params, runParams);
  return Response.json(await requireOwner(req, ({ userId }) => cancelRun({ sessionId: id, actionId, userId })));
});
