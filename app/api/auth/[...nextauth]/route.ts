import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { clientIp } from "@/lib/client-ip";
import { toErrorResponse } from "@/lib/errors";
import { assertUnderLimit } from "@/lib/rate-limit";

const handler = NextAuth(authOptions);

// GET /api/auth/* – next-auth (csrf, session, providers, OAuth callbacks)
export { handler as GET };

// POST /api/auth/* – next-auth (sign-in, sign-out); a credentials sign-in over its failure budget (per IP,
// then per email) → 429 with Retry-After before next-auth hashes anything
export async function POST(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    try {
      await assertUnderLimit(clientIp(req.headers), "sign-in-ip", "Too many failed sign-ins from this network");
      const form = await req.clone().formData().catch(() => null);
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
  return handler(req, ctx);
}
