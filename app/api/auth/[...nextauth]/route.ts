import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { clientIp } from "@/lib/client-ip";
import { toErrorResponse } from "@/lib/errors";
import { handle } from "@/lib/http";
import { assertUnderLimit } from "@/lib/rate-limit";

const nextAuth = NextAuth(authOptions);

// GET /api/auth/* – next-auth (csrf, session, providers, OAuth callbacks)
// Through handle(): a request id and a log line like every other API response (next-auth answers, never throws).
// Not through the request guard: next-auth checks its own CSRF token, and sign-ins have their own budgets
// (below); counted against the per-IP budget, a few sign-ins (csrf + callback each) would spend it.
export const GET = handle((req, ctx: { params: Promise<{ nextauth: string[] }> }) => nextAuth(req, ctx), { guard: false });

// POST /api/auth/* – next-auth (sign-in, sign-out); a credentials sign-in over its failure budget (per IP,
// then per email) → 429 with Retry-After before next-auth hashes anything
export const POST = handle(
  async (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
    if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
      try {
        await assertUnderLimit(clientIp(req.headers), "sign-in-ip", "Too many failed sign-ins from this network");
        const form = await req
          .clone()
          .formData()
          .catch(() => null);
        const email = form?.get("email");
        if (typeof email === "string") await assertUnderLimit(email.toLowerCase(), "sign-in-email", "Too many failed sign-ins for this email");
      } catch (error) {
        const response = toErrorResponse(error);
        const body = (await response.json()) as Record<string, unknown>;
        // next-auth/react's signIn() reads `url` and its `error` parameter from the answer.
        const url = new URL("/api/auth/error?error=TooManyAttempts", req.url).toString();
        return Response.json({ ...body, url }, { status: response.status, headers: response.headers });
      }
    }
    return nextAuth(req, ctx);
  },
  { guard: false },
);
