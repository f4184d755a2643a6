// Edge helpers for route handlers: bounded JSON bodies validated by zod, query parsing, error mapping.
import "server-only";
import type { z } from "zod";
import { env } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors";
import { sweepStaleRunsSoon } from "@/lib/genflow/sweep";
import { observeRequest } from "@/lib/request-log";

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/**
 * Wraps a route handler so every thrown error becomes `{error:{code,message,requestId}}` with its status, each
 * request gets an `x-request-id` and one log line, and any request may start the stale-run sweep.
 */
export function handle<C>(handler: Handler<C>): Handler<C> {
  return (req, ctx) =>
    observeRequest(req, async () => {
      sweepStaleRunsSoon();
      try {
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

/** PostgreSQL cannot store U+0000 in text: find one anywhere in a parsed value, with its path. */
function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(value)" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(key, [...path, key]) ?? findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const nul = findNul(value);
  if (nul) {
    throw new AppError("validation_failed", `Invalid ${where}: ${nul}: text may not contain NUL (\\u0000) characters`, {
      details: [{ field: nul, message: "contains a NUL character" }],
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

/** Reads a JSON body: over the size limit → 413, not JSON → 400, wrong fields → 422 naming the field. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, { optional = false } = {}): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  const text = await readBodyText(req, env.MAX_BODY_BYTES);
  if (text.trim() === "" && optional) return validate(schema, {}, "body");
  if (type && !type.includes("json")) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  return validate(schema, value, "body");
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
