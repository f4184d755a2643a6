// What went wrong with a model call, in words a writer can act on, and whether another attempt can help.
// Each kind has its own retry policy; runs count the kinds they met (Run.faults).
import "server-only";
import { APICallError } from "ai";
import { ModelDeadlineError } from "@/lib/ai/deadline";
import { AppError, isDatabaseUnavailable } from "@/lib/errors";

export const MODEL_FAULT_KINDS = ["rate_limited", "server_error", "timeout", "stalled", "cut", "malformed", "refused", "unreachable", "other"] as const;
export type ModelFaultKind = (typeof MODEL_FAULT_KINDS)[number];

export interface ModelFault {
  kind: ModelFaultKind;
  /** Words for the writer, without "please retry" (added once, at the end). */
  words: string;
  retryable: boolean;
  /** The provider's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.["retry-after-ms"] ?? headers?.["retry-after"];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return headers?.["retry-after-ms"] ? seconds : seconds * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function causeMessage(error: unknown): string {
  let current: unknown = error;
  const parts: string[] = [];
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    parts.push(current.message, String((current as { code?: unknown }).code ?? ""));
    current = current.cause;
  }
  return parts.join(" ");
}

export function classifyModelFault(error: unknown): ModelFault {
  if (error instanceof ModelDeadlineError) {
    const seconds = Math.round(error.ms / 1000);
    return error.phase === "first_byte"
      ? { kind: "timeout", words: `The model did not answer within ${seconds} s`, retryable: true }
      : { kind: "stalled", words: `The model stopped sending for ${seconds} s in the middle of its answer`, retryable: true };
  }
  const name = error instanceof Error ? error.name : "";
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 429)
      return { kind: "rate_limited", words: "The model provider is rate limiting us", retryable: true, retryAfterMs: retryAfterMs(error.responseHeaders) };
    if (status !== undefined && status >= 500) return { kind: "server_error", words: `The model provider failed (HTTP ${status})`, retryable: true };
    // A 200 whose body broke off, or whose body was not JSON: the answer, not the request, went wrong.
    if (/terminated|other side closed|ECONNRESET|socket/i.test(causeMessage(error)))
      return { kind: "cut", words: "The connection to the model was cut in the middle of its answer", retryable: true };
    if (/Invalid JSON response/i.test(error.message)) return { kind: "malformed", words: "The model's answer could not be read", retryable: true };
    if (status === undefined) return { kind: "unreachable", words: "The model provider could not be reached", retryable: true };
    if (status === 200) return { kind: "cut", words: "The connection to the model was cut in the middle of its answer", retryable: true };
    return { kind: "refused", words: `The model provider refused the request (HTTP ${status})`, retryable: false };
  }
  if (name.includes("NoObjectGenerated") || name.includes("NoOutputGenerated") || name.includes("JSONParse") || name.includes("TypeValidation")) {
    return { kind: "malformed", words: "The model's answer did not have the expected shape", retryable: true };
  }
  if (name === "AI_StreamEnded") return { kind: "cut", words: "The model's answer ended before it was complete", retryable: true };
  if (/terminated|ECONNRESET|other side closed/i.test(causeMessage(error)))
    return { kind: "cut", words: "The connection to the model was cut in the middle of its answer", retryable: true };
  return { kind: "other", words: "The model call failed", retryable: false };
}

/** A stream that stopped without its finish part (no error of its own). */
export class StreamEndedError extends Error {
  constructor() {
    super("the model stream ended early");
    this.name = "AI_StreamEnded";
  }
}

/** Database errors seen while a run works: the server, not the model, is at fault. */
export function isDatabaseError(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  return name.startsWith("PrismaClient") || /^P\d{4}$/.test(String((error as { code?: unknown } | null)?.code ?? "")) || isDatabaseUnavailable(error);
}

// The provider being down, overloaded or unreachable is an outage (503 with Retry-After: come back shortly);
// a refused request or a broken answer is the model's error (502).
const OUTAGE_KINDS = new Set<ModelFaultKind>(["rate_limited", "server_error", "unreachable", "timeout", "stalled"]);

export function toModelAppError(fault: ModelFault, attempts: number): AppError {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : "";
  const message = `${fault.words}${tries}; please retry in a moment`;
  const details = { fault: fault.kind, attempts };
  if (!OUTAGE_KINDS.has(fault.kind)) return new AppError("model_error", message, { details });
  const retryAfter = Math.max(1, Math.ceil((fault.retryAfterMs ?? 10_000) / 1000));
  return new AppError("service_unavailable", message, { details, headers: { "Retry-After": String(retryAfter) } });
}
