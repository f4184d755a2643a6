// The server's structured log: one JSON object a line on stdout (what Vercel, Docker and any log shipper read).
// `npm run dev` pipes it through pino-pretty. Every line written while a request is handled carries that
// request's id (and its user once authenticated), including lines from work the request scheduled — a run it
// started — so one writer's problem can be followed by id. Never log secrets or article text: ids, counts,
// codes and timings only; `redact` is the safety net for the usual secret-bearing keys.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { hostname } from "node:os";
import pino from "pino";
import { env } from "@/lib/env";

interface RequestContext {
  requestId: string;
  userId?: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

export const log = pino(
  {
    level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "error" : "info"),
    base: { service: "genflow", pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    messageKey: "msg",
    mixin: () => {
      const store = requestContext.getStore();
      return store ? { requestId: store.requestId, ...(store.userId ? { userId: store.userId } : {}) } : {};
    },
    redact: {
      paths: [
        "authorization",
        "cookie",
        "password",
        "token",
        "secret",
        "apiKey",
        "*.authorization",
        "*.cookie",
        "*.password",
        "*.token",
        "*.secret",
        "*.apiKey",
      ],
      censor: "[redacted]",
    },
  },
  // process.stdout rather than pino's own fd writer: the same stream tests can observe and `next dev` pipes.
  process.stdout,
);

/** Runs `fn` with a request id that every log line inside it (and work it schedules) carries. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return requestContext.run(context, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Called once the caller is known: later lines of this request carry its user id. */
export function setRequestUser(userId: string): void {
  const store = requestContext.getStore();
  if (store) store.userId = userId;
}

/**
 * An error for a log line: its class, code, the start of its message and its stack frames. Messages are cut
 * short because some libraries quote their input in them (a failed query's arguments can hold article text).
 */
export function describeError(error: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 12);
  return {
    type: error.name,
    message: error.message.slice(0, 200),
    ...(typeof code === "string" ? { code } : {}),
    ...(frames.length ? { stack: frames.join("\n") } : {}),
  };
}
