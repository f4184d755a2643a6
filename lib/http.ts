// Edge helpers for route handlers: bounded JSON bodies validated by zod, query parsing, error mapping.
import "server-only";
import type { z } from "zod";
import { env } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors";
import { sweepStaleRunsSoon } from "@/lib/genflow/sweep";
import { observeRequest } from "@/lib/request-log";
import { guardRequest } from "@/lib/request-guard";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/**
 * Wraps a route handler so every thrown error becomes `{error:{code,message,requestId}}` with its status, each
 * request gets an `x-request-id` and one log line, and any request may start the stale-run sweep.
 * `guard: false` skips the request guard (budgets, CSRF) for routes that keep their own (next-auth).
 */
export function handle<C>(handler: Handler<C>, { guard = true }: { guard?: boolean } = {}): Handler<C> {
  return (req, ctx) =>
    observeRequest(req, async () => {
      sweepStaleRunsSoon();
      try {
        if (guard) await guardRequest(req);
        return await handler(req, ctx);
      } catch (error) {
        return toErrorResponse(error);
      }
    });
}

async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  // Count bytes as they arrive: a missing or lying Content-Length must not let a huge body through.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", `Request body is larger than ${Math.round(limit / 1024)} KB`);
}

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
}

// PostgreSQL cannot store U+0000 in text, nor a lone UTF-16 surrogate in jsonb.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "text may not contain NUL (\\u0000) characters";
  if (LONE_SURROGATE.test(text)) return "text may not contain a lone UTF-16 surrogate (\\ud800–\\udfff)";
  return null;
}

/** The first string (key or value) Postgres would refuse, with its path and the reason. */
function findBadText(value: unknown, path: string[] = []): { field: string; problem: string } | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { field: path.join(".") || "(value)", problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findBadText(key, [...path, key]) ?? findBadText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of arrays and objects in JSON text, found by one pass over the characters (strings
 * skipped), so a hostile body is refused before JSON.parse or a recursive walk could overflow the stack.
 */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const bad = findBadText(value);
  if (bad) {
    throw new AppError("validation_failed", `Invalid ${where}: ${bad.field}: ${bad.problem}`, {
      details: [{ field: bad.field, message: bad.problem }],
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first?.path.join(".") || where;
    throw new AppError("validation_failed", `Invalid ${where}: ${field}: ${first?.message ?? "invalid"}`, {
      details: zodDetails(result.error),
    });
  }
  return result.data;
}

// Exactly JSON: a type that merely contains "json" (text/plain;json) is one a cross-site form can send.
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads a JSON body: a type other than application/json → 415, over the size limit → 413, not JSON → 400,
 * nested deeper than MAX_JSON_DEPTH or holding text Postgres refuses → 422, wrong fields → 422 naming the field.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, { optional = false } = {}): Promise<z.infer<S>> {
  const type = req.headers.get("content-type");
  if (type !== null && !JSON_TYPE.test(type.trim())) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const text = await readBodyText(req, env.MAX_BODY_BYTES);
  if (text.trim() === "" && optional) return validate(schema, {}, "body");
  if (type === null) throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new AppError("validation_failed", `Invalid body: JSON may nest at most ${MAX_JSON_DEPTH} levels deep`, {
      details: [{ field: "(body)", message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  return validate(schema, value, "body");
}

/** A url-encoded form body (pusher-js's channel auth), bounded like a JSON body. */
export async function readForm(req: Request): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await readBodyText(req, env.MAX_BODY_BYTES)));
}

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return validate(schema, params, "query");
}

export function readParams<S extends z.ZodType>(params: unknown, schema: S): z.infer<S> {
  return validate(schema, params, "path");
}

/** The interface language for localized labels: `?locale=` wins, then Accept-Language, then English. */
export function localeFrom(req: Request): "en" | "zh" {
  const explicit = new URL(req.url).searchParams.get("locale");
  if (explicit === "zh" || explicit === "en") return explicit;
  return /^\s*zh/i.test(req.headers.get("accept-language") ?? "") ? "zh" : "en";
}
