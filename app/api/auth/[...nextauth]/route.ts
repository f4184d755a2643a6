import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";

// GET/POST /api/auth/* – next-auth (sign-in, sign-out, csrf, session, OAuth callbacks)
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
