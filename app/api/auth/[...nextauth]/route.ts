import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { handle } from "@/lib/http";

// GET/POST /api/auth/* – next-auth (sign-in, sign-out, csrf, session, OAuth callbacks)
const nextAuth = NextAuth(authOptions);
// Through handle(): a request id and a log line like every other API response (next-auth answers, never throws).
const handler = handle((req, ctx: { params: Promise<{ nextauth: string[] }> }) => nextAuth(req, ctx));
export { handler as GET, handler as POST };
