import { after } from "next/server";
import { requireUser } from "@/lib/auth";
import { toAcceptedAction } from "@/lib/genflow/action-accepted";
import { rerunWithFeedback } from "@/lib/genflow/runs";
import { feedbackSchema, idParams } from "@/lib/genflow/schemas";
import { handle, readJson, readParams } from "@/lib/http";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/feedback – run the stage's last AI action again with the writer's comment
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const { comment } = await readJson(req, feedbackSchema);
  const { userId } = await requireUser(req);
  const { run, progress } = await rerunWithFeedback({ sessionId: id, userId, comment, schedule: after });
  return Response.json(await toAcceptedAction({ sessionId: id, run, progress }), { status: 202 });
});
