// Dev/test-only fake of the OpenAI HTTP API (Responses + Chat Completions) for the real
// @ai-sdk/openai provider: deterministic content, token usage, latency and fault injection.
//   const fake = await startFakeOpenAI();
//   const openai = createOpenAI({ baseURL: fake.url, apiKey: "fake" });
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateContent } from "./content";
import { FAULT_KINDS, type FaultConfig, type FaultKind, FaultPlanner, type LatencyConfig, normalizeLatency, parseLatencyHeader, tokenDelayMs } from "./faults";
import { type JsonSchema, strictSchemaProblem } from "./schema-fill";
import { estimateTokens, hashString } from "./text";
import { type Api, chatFrames, chatJson, errorBody, type ParsedRequest, parseRequest, responsesFrames, responsesJson } from "./wire";

export type { FaultConfig, FaultKind, LatencyConfig } from "./faults";
export { countWords, generateContent, parseMarkers } from "./content";

export interface FakeOpenAIOptions {
  port?: number;
  host?: string;
  latency?: LatencyConfig;
  faults?: FaultConfig;
  /** Reject strict json_schema formats that real OpenAI rejects (default true). */
  strictSchemas?: boolean;
}

export interface FakeOpenAIStats {
  calls: { responses: number; chatCompletions: number; models: number };
  promptTokens: number;
  completionTokens: number;
  faults: Record<FaultKind, number>;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1 — pass it as `baseURL` to createOpenAI. */
  url: string;
  port: number;
  stop(): Promise<void>;
  stats(): FakeOpenAIStats;
  resetStats(): void;
  setFaults(faults: FaultConfig): void;
  setLatency(latency: LatencyConfig): void;
}

const JSON_OBJECT_SCHEMA: JsonSchema = {
  type: "object",
  properties: { title: { type: "string" }, summary: { type: "string" }, items: { type: "array", items: { type: "string" } } },
  required: ["title", "summary", "items"],
};

function emptyStats(): FakeOpenAIStats {
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  return { calls: { responses: 0, chatCompletions: 0, models: 0 }, promptTokens: 0, completionTokens: 0, faults };
}

/** Resolves after `ms`, or early once `signal` aborts (the client went away). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw.length > 0 ? JSON.parse(raw) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Streaming pieces: a Han character, or a word with its trailing whitespace (≈ one token each). */
function splitDeltas(text: string): string[] {
  return text.match(/\p{Script=Han}|[^\s\p{Script=Han}]+\s*|\s+/gu) ?? [];
}

/** Damages valid JSON so JSON.parse fails: cut near the middle, leaving an unterminated value. */
function breakJson(text: string): string {
  return `${text.slice(0, Math.max(1, Math.floor(text.length * 0.6)))}…`;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const { port = 0, host = "127.0.0.1" } = options;
  let latency = normalizeLatency(options.latency);
  // Latency for the requests whose prompt contains `match` only: a spec slows its own runs, not its neighbours'.
  let latencyRules: { match: string; latency: LatencyConfig }[] = [];
  const planner = new FaultPlanner(options.faults);
  let stats = emptyStats();
  let counter = 0;

  async function generation(api: Api, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) {
    stats.calls[api === "responses" ? "responses" : "chatCompletions"] += 1;
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(api, await readJson(req));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return sendJson(res, 400, errorBody(`Invalid request: ${message}`, "invalid_request_error", null));
    }
    const problem = parsed.strict && options.strictSchemas !== false ? strictSchemaProblem(parsed.schema ?? {}) : undefined;
    if (problem) {
      const message = `Invalid schema for response_format '${parsed.schemaName}': ${problem}`;
      return sendJson(res, 400, errorBody(message, "invalid_request_error", "invalid_json_schema"));
    }
    const fault = planner.next(req.headers["x-fake-fault"]?.toString());
    if (fault) stats.faults[fault] += 1;
    if (fault === "429") {
      const body = errorBody("Rate limit reached for fake-model (fake server).", "requests", "rate_limit_exceeded");
      const retryAfter = req.headers["x-fake-retry-after"]?.toString() ?? String(planner.get().retryAfterSeconds ?? 1);
      return sendJson(res, 429, body, { "retry-after": retryAfter, "x-ratelimit-remaining-requests": "0" });
    }
    if (fault === "500") {
      return sendJson(res, 500, errorBody("The server had an error while processing your request (fake).", "server_error", null));
    }
    if (fault === "hang" || (fault === "stall" && !parsed.stream)) return; // Never answer: the socket stays open until the client aborts or stop().

    const rule = latencyRules.find((r) => parsed.prompt.includes(r.match));
    const effective = { ...(rule?.latency ?? latency), ...parseLatencyHeader(req.headers["x-fake-latency"]?.toString()) };
    const schema = parsed.schema ?? (parsed.jsonObject ? JSON_OBJECT_SCHEMA : undefined);
    const valid = generateContent(parsed.prompt, schema);
    const text = fault === "malformed" && schema ? breakJson(valid) : valid;
    const usage = { input: estimateTokens(parsed.prompt), output: estimateTokens(text) };
    const n = ++counter;
    const ids = {
      id: `${api === "responses" ? "resp" : "chatcmpl"}_fake${n}_${hashString(parsed.prompt).toString(16)}`,
      itemId: `msg_fake${n}`,
      model: parsed.model,
      createdAt: Math.floor(Date.now() / 1000),
    };

    if (!parsed.stream) {
      await sleep((effective.ttftMs ?? 0) + tokenDelayMs(effective, usage.output), signal);
      if (signal.aborted) return;
      const body = api === "responses" ? responsesJson(ids, text, usage) : chatJson(ids, text, usage);
      const raw = JSON.stringify(body);
      if (fault === "malformed" && !schema) {
        // Prose has no JSON to damage, so the envelope itself is broken.
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(raw.slice(0, Math.floor(raw.length / 2)));
      }
      if (fault === "cut") {
        res.writeHead(200, { "content-type": "application/json" });
        // Destroy only after the half body is flushed, so the client sees a truncated body, not a refused call.
        return void res.write(raw.slice(0, Math.floor(raw.length / 2)), () => res.destroy());
      }
      stats.promptTokens += usage.input;
      stats.completionTokens += usage.output;
      return sendJson(res, 200, body);
    }

    const frames = api === "responses" ? responsesFrames(ids) : chatFrames(ids, parsed.includeUsage);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    for (const f of frames.head()) res.write(f);
    await sleep(effective.ttftMs ?? 0, signal);
    const deltas = splitDeltas(text);
    const weights = deltas.map((d) => estimateTokens(d));
    const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
    const started = Date.now();
    const cutAt = fault === "cut" ? Math.max(1, Math.floor(deltas.length / 2)) : -1;
    const badAt = fault === "malformed" && !schema ? Math.floor(deltas.length / 3) : -1;
    const stallAt = fault === "stall" ? Math.min(deltas.length - 1, Number(req.headers["x-fake-stall-after"] ?? planner.get().stallAfterChunks ?? 3)) : -1;
    let sent = 0;
    for (let i = 0; i < deltas.length; i++) {
      if (signal.aborted) return;
      if (i === stallAt) return; // Silence mid-stream, socket open, until the client gives up.
      if (i === cutAt) {
        // Mid-stream network cut: no completion event, no [DONE]; flush what was sent first.
        await new Promise<void>((resolve) => res.write(frames.delta(deltas[i]), () => resolve()));
        return void res.destroy();
      }
      if (i === badAt) res.write('data: {"type":"response.output_text.delta","delta":\n\n');
      // Schedule against the wall clock, so timer granularity does not slow high token rates down.
      const due = tokenDelayMs(effective, (sent / totalWeight) * usage.output) - (Date.now() - started);
      if (due > 4) await sleep(due, signal);
      res.write(frames.delta(deltas[i]));
      sent += weights[i];
    }
    if (fault === "cut") return void res.destroy(); // Outputs too short to cut mid-way still lose the tail.
    await sleep(tokenDelayMs(effective, usage.output) - (Date.now() - started), signal);
    if (signal.aborted) return;
    for (const f of frames.tail(text, usage)) res.write(f);
    stats.promptTokens += usage.input;
    stats.completionTokens += usage.output;
    res.end();
  }

  /** Runtime control for out-of-process callers (e2e tests against the CLI server). */
  async function admin(path: string, req: IncomingMessage, res: ServerResponse) {
    if (path === "/__fake/stats") return sendJson(res, 200, stats);
    if (req.method !== "POST") return sendJson(res, 405, errorBody("Use POST", "invalid_request_error", null));
    const body = (await readJson(req)) as FaultConfig & LatencyConfig;
    if (path === "/__fake/faults") planner.set(body);
    else if (path === "/__fake/latency") {
      const match = (body as { match?: unknown }).match;
      const remove = (body as { remove?: unknown }).remove === true;
      if (typeof match !== "string" || !match) latency = normalizeLatency(body);
      else {
        latencyRules = latencyRules.filter((rule) => rule.match !== match);
        if (!remove) latencyRules.push({ match, latency: normalizeLatency(body) });
      }
    } else if (path === "/__fake/reset") {
      stats = emptyStats();
      planner.set(options.faults ?? {});
      latency = normalizeLatency(options.latency);
      latencyRules = [];
    } else return sendJson(res, 404, errorBody(`Unknown admin path ${path}`, "invalid_request_error", null));
    return sendJson(res, 200, { ok: true, faults: planner.get(), latency });
  }

  const server = createServer((req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    const route = async () => {
      if (req.method === "GET" && path === "/v1/models") {
        stats.calls.models += 1;
        const data = ["fake-model", "gpt-4o-mini", "gpt-5-mini"].map((id) => ({ id, object: "model", created: 0, owned_by: "fake" }));
        return sendJson(res, 200, { object: "list", data });
      }
      if (req.method === "POST" && path === "/v1/responses") return generation("responses", req, res, controller.signal);
      if (req.method === "POST" && path === "/v1/chat/completions") return generation("chat", req, res, controller.signal);
      if (path.startsWith("/__fake/")) return admin(path, req, res);
      if (path === "/health") return sendJson(res, 200, { ok: true });
      return sendJson(res, 404, errorBody(`Unknown route ${req.method} ${path}`, "invalid_request_error", "not_found"));
    };
    route().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, 400, errorBody(message, "invalid_request_error", null));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}/v1`,
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve) => {
        // Hanging requests and open streams would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (faults) => planner.set(faults),
    setLatency: (next) => {
      latency = normalizeLatency(next);
    },
  };
}
