import { type NextRequest, NextResponse } from "next/server";
import { allowedMethods } from "@/lib/api-routes";
import { API_CSP, baseSecurityHeaders, corsHeaders, pageCsp } from "@/lib/security-headers";

const SIGNED_IN_PAGES = /^\/(articles(\/.*)?|settings(\/.*)?)?$/;

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { ...baseSecurityHeaders(), "Content-Security-Policy": API_CSP, ...headers } });
}

function hasMalformedEncoding(path: string): boolean {
  try {
    for (const segment of path.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

// /api: a malformed %-escape → 400, unknown route → 404, wrong method → 405 with Allow (all JSON, where Next
// would answer 500 text, an HTML page or an empty body); CORS for the CORS_ORIGINS allow-list.
function proxyApi(request: NextRequest): NextResponse {
  const path = request.nextUrl.pathname;
  const cors = path.startsWith("/api/genflow/") ? corsHeaders(request.headers.get("origin")) : null;
  const allow = allowedMethods(path);
  if (!allow) return jsonError(404, "not_found", `No API route at ${path}`, cors ?? {});
  if (request.method === "OPTIONS") {
    const preflight = cors ? { ...cors, "Access-Control-Allow-Methods": allow.join(", ") } : {};
    return new NextResponse(null, { status: 204, headers: { ...baseSecurityHeaders(), Allow: allow.join(", "), ...preflight } });
  }
  if (!allow.includes(request.method)) {
    return jsonError(405, "method_not_allowed", `${request.method} is not allowed on ${path}; use ${allow.join(", ")}`, {
      Allow: allow.join(", "),
      ...(cors ?? {}),
    });
  }
  return NextResponse.next({ headers: { ...baseSecurityHeaders(), "Content-Security-Policy": API_CSP, ...(cors ?? {}) } });
}

// Pages: a fresh nonce per request for the CSP (Next reads it from the request's CSP header and puts it
// on its scripts), then the optimistic sign-in check (the pages verify the session): visitors without a
// session cookie go to sign-in, remembering where they were going.
function proxyPage(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce);
  const headers = { ...baseSecurityHeaders(), "Content-Security-Policy": csp };
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (!hasSession && SIGNED_IN_PAGES.test(request.nextUrl.pathname)) {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(url, { headers });
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers: requestHeaders }, headers });
}

export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (path.startsWith("/api/") || path === "/api") {
    if (hasMalformedEncoding(path)) return jsonError(400, "bad_request", "The URL path has a malformed %-escape");
    return proxyApi(request);
  }
  if (hasMalformedEncoding(path)) return new NextResponse("Bad request: malformed URL", { status: 400, headers: baseSecurityHeaders() });
  return proxyPage(request);
}

export const config = {
  // Everything but Next's static files (next.config.mjs gives those the static headers).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
