// Checks every API request passes before its handler reads a byte of the body: the request budget (per
// user across all their tokens and the cookie, per IP without credentials) and, for cookie-authenticated
// unsafe methods, that the request comes from the app's own origin (CSRF).
import "server-only";
import { identifyCaller } from "@/lib/auth";
import { clientIp } from "@/lib/client-ip";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The app's origins: NEXTAUTH_URL (the public URL) and the origin the request was sent to (a preview
 * deployment's own URL). A hostile page cannot choose the latter: the victim's browser sends the Host.
 */
function appOrigins(req: Request): string[] {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return [`${proto}://${host}`, ...(env.NEXTAUTH_URL ? [new URL(env.NEXTAUTH_URL).origin] : [])];
}

/**
 * A cookie rides along with any request the browser makes, so an unsafe one must prove it was made by our
 * own pages: `Origin` equal to the app's, or (no Origin) `Sec-Fetch-Site: same-origin`. SameSite=Lax alone
 * lets another port of the same host through. Bearer tokens are never sent automatically and are exempt.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const allowed = origin ? appOrigins(req).includes(origin) : req.headers.get("sec-fetch-site") === "same-origin";
  if (!allowed) {
    throw new AppError("csrf_rejected", "Cross-site request refused: a signed-in browser request must come from this app's pages");
  }
}

export async function guardRequest(req: Request): Promise<void> {
  // Bad credentials are the route's to answer (401 from requireUser); here they only spend the IP budget.
  const caller = await identifyCaller(req).catch(() => null);
  if (caller) await consumeRateLimit(`user:${caller.userId}`, "user");
  else await consumeRateLimit(`ip:${clientIp(req.headers)}`, "ip");
  if (caller?.via === "cookie" && !SAFE_METHODS.has(req.method)) assertSameOrigin(req);
}
