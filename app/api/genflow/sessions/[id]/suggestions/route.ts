import { requireUser } from "@/lib/auth";
import { streamSuggestions, suggestAlternatives } from "@/lib/genflow/capabilities";
import { suggestionsSchema } from "@/lib/genflow/capability-schemas";
import { idParams } from "@/lib/genflow/schemas";
import { getSessionOrThrow } from "@/lib/genflow/sessions";
import { handle, readJson, readParams } from "@/lib/http";
import { sseResponse, wantsEventStream } from "@/lib/sse";
import type { IdContext } from "@/lib/route-context";

// POST /api/genflow/sessions/{id}/suggestions – three alternatives for a selection (also a suggestion.ready event);
// with `Accept: text/event-stream` each alternative is streamed as soon as it is complete
export const POST = handle(async (req, ctx: IdContext) => {
  const { id } = readParams(await ctx.params, idParams);
  const input = await readJson(req, suggestionsSchema);
  const { userId } = await requireUser(req);
  const session = await getSessionOrThrow({ id, userId });
  if (wantsEventStream(req)) {
    return sseResponse(async (send) => {
      const { usage } = await streamSuggestions({ session, input, onSuggestion: (text, index) => send({ type: "suggestion", index, text }) });
      send({ type: "done", usage });
    });
  }
  return Response.json(await suggestAlternatives({ session, input }));
});
