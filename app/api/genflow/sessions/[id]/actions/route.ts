import { after } from "next/server";
import { requireOwner } from "@/lib/auth";
import { toAcceptedAction } from "@/lib/genflow/action-accepted";
import { createRunStreamResponse } from "@/lib/genflow/run-stream";
import { startAction } from "@/lib/genflow/runs";
import { actionRequestSchema, idParams } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/actions – run an action of the session's stage (one at a time);
// 202 {actionId, status:"processing", progress, run}, or with `Accept: text/event-stream` the AI SDK UI message stream of the run
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const request = await readJson(req, actionRequestSchema);
  const { run, progress } = await requireOwner(req, ({ userId }) => startAction({ sessionId: id, userId, request, schedule: after }));
  if (req.headers.get("accept")?.includes("text/event-stream")) return createRunStreamResponse(run);
  return Response.json(await toAcceptedAction({ sessionId: id, run, progress }), { status: 202 });
});
