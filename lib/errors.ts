// One error type for the whole app: a code from the table below decides the HTTP status.
// Unknown errors are logged on the server and answered as a generic 500 without internals.

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

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) },
    };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status, headers: this.headers });
  }
}

export function notFound(what = "Resource"): AppError {
  return new AppError("not_found", `${what} not found`);
}

/** Any thrown value → a Response; only AppError messages ever reach a client. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  console.error("[genflow] unhandled error", error);
  return new AppError("internal_error", "Something went wrong on our side. Please try again.").toResponse();
}
