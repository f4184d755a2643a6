import { requireUser } from "@/lib/auth";
import { autocomplete } from "@/lib/genflow/capabilities";
import { autocompleteSchema } from "@/lib/genflow/capability-schemas";
import { idParams } from "@/lib/genflow/schemas";
import { getSessionOrThrow } from "@/lib/genflow/sessions";
import { handle, readJson, readParams } from "@/lib/http";
import { sseResponse, wantsEventStream } from "@/lib/sse";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/autocomplete – a short continuation of the text (streamed with Accept: text/event-stream)
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const input = await readJson(req, autocompleteSchema);
  const { userId } = await requireUser(req);
  const session = await getSessionOrThrow({ id, userId });
  if (wantsEventStream(req)) {
    return sseResponse(async (send) => {
      const { completion, usage } = await autocomplete({ session, input, onDelta: (delta) => send({ type: "delta", delta }) });
      send({ type: "done", completion, usage });
    });
  }
  return Response.json(await autocomplete({ session, input }));
});
