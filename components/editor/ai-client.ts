// Browser calls to the session's editor helpers (cookie auth): suggestions and autocomplete stream over SSE,
// grammar check is one JSON answer. Errors carry the API's message so the editor can show it.
import { EventSourceParserStream } from "eventsource-parser/stream";
import type { GrammarIssue } from "@/lib/genflow/responses";

export type Instruction = "improve" | "shorten" | "expand" | "fix_grammar" | "custom";

export type { GrammarIssue };

export class HelperError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const base = (sessionId: string) => `/api/genflow/sessions/${encodeURIComponent(sessionId)}`;

async function failure(res: Response): Promise<HelperError> {
  let message = `HTTP ${res.status}`;
  let code: string | undefined;
  try {
    const body = (await res.json()) as { error?: { message?: string; code?: string } };
    message = body.error?.message ?? message;
    code = body.error?.code;
  } catch {
    // not JSON: keep the status line
  }
  return new HelperError(message, res.status, code);
}

/** POSTs `body` asking for an event stream; calls `onEvent` for each `data:` line until `[DONE]`. */
export async function postEventStream(url: string, body: unknown, onEvent: (event: Record<string, unknown>) => void, signal?: AbortSignal): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { value: message, done } = await reader.read();
    if (done) break;
    if (!message.data) continue;
    if (message.data === "[DONE]") return;
    const event = JSON.parse(message.data) as Record<string, unknown>;
    if (event.type === "error") throw new HelperError(String(event.message ?? "Something went wrong"), 500, String(event.code ?? ""));
    onEvent(event);
  }
}

export async function streamSuggestions(
  sessionId: string,
  input: { text: string; instruction: Instruction; custom?: string; context?: string },
  onSuggestion: (index: number, text: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  await postEventStream(
    `${base(sessionId)}/suggestions`,
    input,
    (event) => {
      if (event.type === "suggestion" && typeof event.text === "string") onSuggestion(Number(event.index ?? 0), event.text);
    },
    signal,
  );
}

export async function streamAutocomplete(
  sessionId: string,
  input: { text: string; maxWords: number },
  onDelta: (soFar: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  let completion = "";
  await postEventStream(
    `${base(sessionId)}/autocomplete`,
    input,
    (event) => {
      if (event.type === "delta" && typeof event.delta === "string") {
        completion += event.delta;
        onDelta(completion);
      } else if (event.type === "done" && typeof event.completion === "string") {
        completion = event.completion;
      }
    },
    signal,
  );
  return completion;
}

export async function checkGrammar(sessionId: string, text: string, signal?: AbortSignal): Promise<GrammarIssue[]> {
  const res = await fetch(`${base(sessionId)}/grammar-check`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
    signal,
  });
  if (!res.ok) throw await failure(res);
  return ((await res.json()) as { issues: GrammarIssue[] }).issues;
}
