// One error type for the whole app: a code from the table below decides the HTTP status.
// Unknown errors are logged on the server and answered as a generic 500 without internals. Inside a request,
// every error body carries the request's id (`error.requestId`, also the `x-request-id` header): the key to its
// log lines.
import { currentRequestId, describeError, log } from "@/lib/log";

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  session_busy: 409,
  wrong_stage: 409,
  stale_version: 409,
  duplicate: 409,
  email_taken: 409,
  session_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  weak_password: 422,
  unknown_action: 422,
  rate_limited: 429,
  internal_error: 500,
  budget_exceeded: 402,
  model_error: 502,
  model_not_configured: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(requestId = currentRequestId()) {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
        ...(requestId ? { requestId } : {}),
      },
    };
  }

  toResponse(requestId = currentRequestId()): Response {
    return Response.json(this.toJSON(requestId), { status: this.status, headers: this.headers });
  }
}

export function notFound(what = "Resource"): AppError {
  return new AppError("not_found", `${what} not found`);
}

// Signs that the database, not the request, failed: Prisma's connection codes (can't reach, timed out, closed,
// pool timeout, transaction closed under it), PostgreSQL's connection/shutdown/cancel SQLSTATEs, socket
// errors, and the pg driver's own timeouts. Matched along the cause chain, as Prisma and the adapter wrap them.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|57014)/;
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES =
  /Query read timeout|Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|Timed out fetching a new connection|connection (?:is )?(?:closed|terminated)|Transaction already closed|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const { name, code, message, cause, kind } = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (name === "PrismaClientInitializationError") return true;
    if (
      typeof code === "string" &&
      (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE.test(code)))
    )
      return true;
    if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = cause ?? (current as { error?: unknown }).error;
  }
  return false;
}

/** The 503 every route answers while the database is unreachable: the client should come back shortly. */
export function serviceUnavailable(message = "The service is briefly unavailable (database); please retry in a few seconds", retryAfterSeconds = 5): AppError {
  return new AppError("service_unavailable", message, { headers: { "Retry-After": String(retryAfterSeconds) } });
}

/** Any thrown value → a Response; only AppError messages ever reach a client. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  if (isDatabaseUnavailable(error)) {
    log.error({ error: describeError(error) }, "database unavailable");
    return serviceUnavailable().toResponse();
  }
  log.error({ error: describeError(error) }, "unhandled error");
  return new AppError("internal_error", "Something went wrong on our side. Please try again.").toResponse();
}
