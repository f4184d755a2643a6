// OpenAI wire formats, shaped after what @ai-sdk/openai 4.0.x validates with zod
// (node_modules/@ai-sdk/openai/dist/index.js: openaiResponsesChunkSchema, openaiResponsesResponseSchema,
// openaiChatChunkSchema, openaiChatResponseSchema, openaiErrorDataSchema).
import type { JsonSchema } from "./schema-fill";

export type Api = "responses" | "chat";

export interface ParsedRequest {
  api: Api;
  model: string;
  stream: boolean;
  /** Chat only: the SDK always sends stream_options.include_usage=true when streaming. */
  includeUsage: boolean;
  /** All message text (instructions/system first), joined by blank lines: the content seed. */
  prompt: string;
  schema: JsonSchema | undefined;
  /** json_object mode (a JSON answer without a schema). */
  jsonObject: boolean;
  /** `strict` flag and `name` of the json_schema format (the SDK sends strict: true by default). */
  strict: boolean;
  schemaName: string;
}

export interface Usage {
  input: number;
  output: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text of a message `content`: a string, or parts carrying `text` (input_text, text, output_text). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isObj(part) && typeof part.text === "string" ? part.text : ""))
    .filter(Boolean)
    .join("\n");
}

function messagesText(items: unknown): string[] {
  if (typeof items === "string") return [items];
  if (!Array.isArray(items)) return [];
  return items.map((item) => (isObj(item) ? contentText(item.content) : "")).filter(Boolean);
}

export function parseRequest(api: Api, body: unknown): ParsedRequest {
  if (!isObj(body)) throw new Error("Request body must be a JSON object");
  const model = typeof body.model === "string" ? body.model : "fake-model";
  const stream = body.stream === true;
  let format: unknown;
  let texts: string[];
  if (api === "responses") {
    texts = [...(typeof body.instructions === "string" ? [body.instructions] : []), ...messagesText(body.input)];
    format = isObj(body.text) ? body.text.format : undefined;
  } else {
    texts = messagesText(body.messages);
    format = body.response_format;
  }
  let schema: JsonSchema | undefined;
  let jsonObject = false;
  let strict = false;
  let schemaName = "response";
  if (isObj(format) && format.type === "json_schema") {
    // Responses puts the schema on the format; Chat nests it under json_schema.
    const holder = api === "chat" && isObj(format.json_schema) ? format.json_schema : format;
    schema = isObj(holder.schema) ? (holder.schema as JsonSchema) : { type: "object" };
    strict = holder.strict === true;
    if (typeof holder.name === "string") schemaName = holder.name;
  } else if (isObj(format) && format.type === "json_object") {
    jsonObject = true;
  }
  const includeUsage = isObj(body.stream_options) && body.stream_options.include_usage === true;
  return { api, model, stream, includeUsage, prompt: texts.join("\n\n"), schema, jsonObject, strict, schemaName };
}

export function errorBody(message: string, type: string, code: string | null): Obj {
  return { error: { message, type, param: null, code } };
}

// ---------- Responses API ----------

function responsesUsage(u: Usage): Obj {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.input + u.output,
  };
}

function messageItem(id: string, text: string, status: string): Obj {
  const content = status === "completed" ? [{ type: "output_text", text, annotations: [], logprobs: [] }] : [];
  return { id, type: "message", status, role: "assistant", content };
}

interface ResponseIds {
  id: string;
  itemId: string;
  model: string;
  createdAt: number;
}

function responseObject(ids: ResponseIds, status: string, output: Obj[], usage: Usage | null): Obj {
  return {
    id: ids.id,
    object: "response",
    created_at: ids.createdAt,
    status,
    error: null,
    incomplete_details: null,
    model: ids.model,
    output,
    usage: usage ? responsesUsage(usage) : null,
  };
}

export function responsesJson(ids: ResponseIds, text: string, usage: Usage): Obj {
  return responseObject(ids, "completed", [messageItem(ids.itemId, text, "completed")], usage);
}

const sse = (type: string, data: Obj) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** SSE frames of a Responses stream: head (before the first token), per-delta, tail (after). */
export function responsesFrames(ids: ResponseIds) {
  let seq = 0;
  const frame = (type: string, data: Obj) => sse(type, { sequence_number: seq++, ...data });
  const part = { item_id: ids.itemId, output_index: 0, content_index: 0 };
  return {
    head: () => [
      frame("response.created", { response: responseObject(ids, "in_progress", [], null) }),
      frame("response.in_progress", { response: responseObject(ids, "in_progress", [], null) }),
      frame("response.output_item.added", { output_index: 0, item: messageItem(ids.itemId, "", "in_progress") }),
      frame("response.content_part.added", { ...part, part: { type: "output_text", text: "", annotations: [] } }),
    ],
    delta: (delta: string) => frame("response.output_text.delta", { ...part, delta, logprobs: [] }),
    tail: (text: string, usage: Usage) => [
      frame("response.output_text.done", { ...part, text, logprobs: [] }),
      frame("response.content_part.done", { ...part, part: { type: "output_text", text, annotations: [] } }),
      frame("response.output_item.done", { output_index: 0, item: messageItem(ids.itemId, text, "completed") }),
      frame("response.completed", {
        response: responseObject(ids, "completed", [messageItem(ids.itemId, text, "completed")], usage),
      }),
    ],
  };
}

// ---------- Chat Completions API ----------

const chatUsage = (u: Usage): Obj => ({
  prompt_tokens: u.input,
  completion_tokens: u.output,
  total_tokens: u.input + u.output,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
});

export function chatJson(ids: ResponseIds, text: string, usage: Usage): Obj {
  return {
    id: ids.id,
    object: "chat.completion",
    created: ids.createdAt,
    model: ids.model,
    choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: chatUsage(usage),
    system_fingerprint: "fp_fake",
  };
}

export function chatFrames(ids: ResponseIds, includeUsage: boolean) {
  const chunk = (choices: Obj[], extra: Obj = {}) =>
    `data: ${JSON.stringify({
      id: ids.id,
      object: "chat.completion.chunk",
      created: ids.createdAt,
      model: ids.model,
      system_fingerprint: "fp_fake",
      choices,
      ...extra,
    })}\n\n`;
  return {
    head: () => [chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }])],
    delta: (content: string) => chunk([{ index: 0, delta: { content }, logprobs: null, finish_reason: null }]),
    tail: (_text: string, usage: Usage) => [
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]),
      // Like OpenAI: usage arrives in an extra chunk with empty choices, only when asked for.
      ...(includeUsage ? [chunk([], { usage: chatUsage(usage) })] : []),
      "data: [DONE]\n\n",
    ],
  };
}
