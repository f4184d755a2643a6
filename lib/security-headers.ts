// Response headers every page and API answer carries, and the pages' Content-Security-Policy (built per
// request in proxy.ts around a fresh nonce: Next puts it on its own inline scripts).
import { env } from "@/lib/env";

/** Headers for every response (next.config.mjs sets the same on static files). */
export function baseSecurityHeaders(): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ...(env.NODE_ENV === "production" && env.NEXTAUTH_URL?.startsWith("https:") ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** API answers are data, never a document: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Where the browser's Pusher client connects: the configured host (the local server) or hosted Pusher. */
function pusherSources(): string[] {
  const host = env.NEXT_PUBLIC_PUSHER_HOST;
  if (host) {
    const port = env.NEXT_PUBLIC_PUSHER_PORT ?? 6001;
    return [`ws://${host}:${port}`, `wss://${host}:${port}`, `http://${host}:${port}`, `https://${host}:${port}`];
  }
  const cluster = env.PUSHER_CLUSTER ?? "mt1";
  return [`wss://ws-${cluster}.pusher.com`, `https://sockjs-${cluster}.pusher.com`];
}

export function pageCsp(nonce: string): string {
  const dev = env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next loads from its nonced bootstrap run; nothing else does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The editor and React set style attributes, which a nonce cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${pusherSources().join(" ")}${dev ? " ws: http://localhost:*" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' https://github.com https://accounts.google.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** CORS for browser integrators: only origins in CORS_ORIGINS, never with credentials (tokens only). */
export function corsHeaders(origin: string | null): Record<string, string> | null {
  if (!origin || !env.CORS_ORIGINS.includes(origin)) return null;
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Idempotency-Key",
    "Access-Control-Expose-Headers": "Retry-After, Location",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
