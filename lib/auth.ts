// next-auth options (JWT sessions), and `requireUser` which accepts the session cookie or an API token.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authenticateApiToken, isApiToken } from "@/lib/genflow/tokens";
import { upsertOAuthUser, verifyCredentials } from "@/lib/genflow/users";
import { setRequestUser } from "@/lib/log";
import { consumeRateLimit } from "@/lib/rate-limit";

function buildProviders(): NextAuthOptions["providers"] {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const user = await verifyCredentials({ email: credentials.email, password: credentials.password });
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  return providers;
}

export const oauthProviders = {
  github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET),
  google: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
};

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: buildProviders(),
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      if (!user.email) return false;
      // OAuth writers get a GenFlow user row so their articles have an owner.
      const row = await upsertOAuthUser({
        email: user.email,
        name: user.name,
        image: user.image,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      });
      user.id = row.id;
      return true;
    },
    async jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};

export interface Caller {
  userId: string;
  via: "cookie" | "token";
  tokenId?: string;
}

/**
 * The caller of an API route: `Authorization: Bearer gf_…` (an API token) or the next-auth cookie.
 * Missing, unknown or revoked credentials → 401. Each caller spends its own rate-limit budget.
 */
export async function requireUser(req: Request): Promise<Caller> {
  const header = req.headers.get("authorization");
  let caller: Caller | null = null;
  if (header) {
    const [scheme, value] = header.split(" ", 2);
    if (scheme?.toLowerCase() !== "bearer" || !value || !isApiToken(value)) {
      throw new AppError("unauthorized", "Authorization must be `Bearer gf_…` with an API token");
    }
    const found = await authenticateApiToken(value);
    if (!found) throw new AppError("unauthorized", "This API token is unknown or has been revoked");
    caller = { userId: found.userId, via: "token", tokenId: found.tokenId };
  } else {
    const jwt = await getToken({ req: req as NextRequest, secret: env.NEXTAUTH_SECRET });
    if (typeof jwt?.uid === "string") caller = { userId: jwt.uid, via: "cookie" };
  }
  if (!caller) throw new AppError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer gf_…`");
  setRequestUser(caller.userId);
  await consumeRateLimit(caller.tokenId ? `token:${caller.tokenId}` : `user:${caller.userId}`);
  return caller;
}

/** For server components and actions: the signed-in writer's id, or null. */
export async function getCurrentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ?? null;
}
