// One log line per API request (method, route, status, ms, user, request id) and an `x-request-id` on every
// response. A caller's own `x-request-id` (a proxy's, a client's retry) is kept when it looks like an id, so
// one id can follow a request across systems; otherwise a new one is made.
import "server-only";
import { randomUUID } from "node:crypto";
import { log, withRequestContext } from "@/lib/log";

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;
// Path segments that are ids (cuid, uuid, long tokens) become `{id}`: the route stays low-cardinality.
const ID_SEGMENT = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

export function routeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? "{id}" : segment))
    .join("/");
}

function requestIdOf(req: Request): string {
  const incoming = req.headers.get("x-request-id");
  return incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/** The same response with the request id header (responses from fetch() have immutable headers). */
function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}

/**
 * Runs `answer` inside the request's log context, then stamps the response and writes the request's line.
 * `ms` is the time to the response's headers (a streamed body may go on for longer). Health checks that pass
 * log at debug level: load balancers call them every few seconds.
 */
export async function observeRequest(req: Request, answer: (requestId: string) => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(req);
  const started = performance.now();
  const context: { requestId: string; userId?: string } = { requestId };
  const response = await withRequestContext(context, () => answer(requestId));
  const { pathname } = new URL(req.url);
  const line = {
    method: req.method,
    route: routeOf(pathname),
    path: pathname,
    status: response.status,
    ms: Math.round(performance.now() - started),
    requestId,
    ...(context.userId ? { userId: context.userId } : {}),
  };
  const level = response.status >= 500 ? "error" : pathname === "/api/health" && response.ok ? "debug" : "info";
  log[level](line, "request");
  return withRequestIdHeader(response, requestId);
}
