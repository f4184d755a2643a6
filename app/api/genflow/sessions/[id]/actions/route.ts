import { requireUser } from "@/lib/auth";
import { startAction } from "@/lib/genflow/runs";
import { actionRequestSchema, idParams } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/actions – run an action of the session's stage (one at a time)
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const request = await readJson(req, actionRequestSchema);
  const { userId } = await requireUser(req);
  const { run } = await startAction({ sessionId: id, userId, request });
  return Response.json(run, { status: 202 });
});
