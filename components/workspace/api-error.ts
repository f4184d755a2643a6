// The error envelope of a failed API answer ({ error: { code, message } }), read without trusting its shape:
// anything else (an HTML error page, an empty body) becomes the status line.
export async function readApiError(res: Response): Promise<{ code?: string; message: string; details?: unknown }> {
  const body: unknown = await res.json().catch(() => null);
  const error = typeof body === "object" && body !== null && "error" in body ? body.error : null;
  if (typeof error !== "object" || error === null) return { message: `HTTP ${res.status}` };
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const message = "message" in error && typeof error.message === "string" ? error.message : `HTTP ${res.status}`;
  return { code, message, ...("details" in error ? { details: error.details } : {}) };
}
