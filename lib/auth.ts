// next-auth options (JWT sessions), and `requireUser` which accepts the session cookie or an API token.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { decode, getToken } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authenticateApiToken, isApiToken } from "@/lib/genflow/tokens";
import { clientIp } from "@/lib/client-ip";
import { UnverifiedOAuthEmailError, upsertOAuthUser, userExists, verifyCredentials } from "@/lib/genflow/users";
import { setRequestUser } from "@/lib/log";
import { cookies } from "next/headers";
import { AccountLinkedElsewhereError, decodeLinkIntent, LINK_INTENT_COOKIE, linkOAuthAccount, oauthProviderSchema } from "@/lib/genflow/account-links";

// next-auth's session cookie: __Secure- prefixed over https.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * The link intent for this provider, if the writer started one from Settings; it is used once, and only by the
 * writer who started it and is still signed in in this browser (someone else signing in with GitHub on a shared
 * machine after the writer gave up and signed out must not be linked to — and signed in as — that writer).
 */
async function readLinkIntent(provider: string) {
  const jar = await cookies();
  const value = jar.get(LINK_INTENT_COOKIE)?.value;
  if (!value) return null;
  jar.delete(LINK_INTENT_COOKIE);
  const intent = decodeLinkIntent({ value, provider, secret: env.NEXTAUTH_SECRET });
  if (!intent) return null;
  const sessionCookie = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  const session = sessionCookie ? await decode({ token: sessionCookie, secret: env.NEXTAUTH_SECRET }).catch(() => null) : null;
  return session?.uid === intent.userId ? intent : null;
}

function buildProviders(): NextAuthOptions["providers"] {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        const ip = clientIp({ get: (name) => headerValue(req.headers?.[name]) });
        const user = await verifyCredentials({ email: credentials.email, password: credentials.password, ip });
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET, ...githubEnterprise(env.GITHUB_URL) }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  return providers;
}

/** GitHub Enterprise Server keeps the OAuth pages at its root and the API under /api/v3 (github.com: api.github.com). */
function githubEnterprise(base: string | undefined) {
  if (!base) return {};
  const web = base.replace(/\/+$/, "");
  const api = `${web}/api/v3`;
  const get = async (path: string, accessToken: unknown) => {
    const res = await fetch(`${api}${path}`, { headers: { Authorization: `token ${String(accessToken)}`, Accept: "application/json" } });
    if (!res.ok) throw new Error(`GitHub ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    issuer: `${web}/login/oauth`,
    authorization: { url: `${web}/login/oauth/authorize`, params: { scope: "read:user user:email" } },
    token: `${web}/login/oauth/access_token`,
    userinfo: {
      url: `${api}/user`,
      // Same as next-auth's github.com request: the profile, and the primary email when the profile hides it.
      async request({ tokens }: { tokens: { access_token?: unknown } }) {
        const profile = await get("/user", tokens.access_token);
        if (!profile.email) {
          const emails: { email: string; primary: boolean }[] = await get("/user/emails", tokens.access_token);
          profile.email = (emails.find((e) => e.primary) ?? emails[0])?.email ?? null;
        }
        return profile;
      },
    },
  };
}

function headerValue(value: unknown): string | null {
  if (typeof value === "string") return value;
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : null;
}

/**
 * Whether the provider vouches for the sign-in email: Google says so in `email_verified`. next-auth's GitHub
 * provider may fill the email from /user/emails without its `verified` flag, so GitHub never links by email.
 */
function isProviderVerifiedEmail({ provider, profile }: { provider: string; profile?: unknown }): boolean {
  if (!profile || typeof profile !== "object") return false;
  return provider === "google" && "email_verified" in profile && profile.email_verified === true;
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
  events: {
    // A link started and abandoned must not outlive the sign-in that started it.
    async signOut() {
      (await cookies()).delete(LINK_INTENT_COOKIE);
    },
  },
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // A signed-in writer linking this provider from Settings (a signed intent cookie says so).
      const linking = await readLinkIntent(account.provider);
      if (linking) {
        const provider = oauthProviderSchema.parse(account.provider);
        try {
          const writer = await linkOAuthAccount({ userId: linking.userId, provider, providerAccountId: account.providerAccountId });
          Object.assign(user, { id: writer.id, email: writer.email, name: writer.name ?? user.name });
        } catch (error) {
          if (error instanceof AccountLinkedElsewhereError) return `/settings?linkError=${provider}`;
          throw error;
        }
        return true;
      }
      if (!user.email) return false;
      // OAuth writers get a GenFlow user row so their articles have an owner.
      try {
        const row = await upsertOAuthUser({
          email: user.email,
          emailVerified: isProviderVerifiedEmail({ provider: account.provider, profile }),
          name: user.name,
          image: user.image,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
        });
        // The session names the GenFlow writer, not the provider's profile (a linked GitHub may use another email).
        Object.assign(user, { id: row.id, email: row.email, name: row.name ?? user.name });
        return true;
      } catch (error) {
        // The sign-in page explains why: the writer signs in with their password instead.
        if (error instanceof UnverifiedOAuthEmailError) return "/sign-in?error=OAuthAccountNotLinked";
        throw error;
      }
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

// One lookup per request: the guard in handle() and the route's requireUser share it.
const callers = new WeakMap<Request, Promise<Caller | null>>();

async function lookUpCaller(req: Request): Promise<Caller | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, value] = header.split(" ", 2);
    if (scheme?.toLowerCase() !== "bearer" || !value || !isApiToken(value)) {
      throw new AppError("unauthorized", "Authorization must be `Bearer gf_…` with an API token");
    }
    const found = await authenticateApiToken(value);
    if (!found) throw new AppError("unauthorized", "This API token is unknown or has been revoked");
    return { userId: found.userId, via: "token", tokenId: found.tokenId };
  }
  const jwt = await getToken({ req: req as NextRequest, secret: env.NEXTAUTH_SECRET });
  return typeof jwt?.uid === "string" ? { userId: jwt.uid, via: "cookie" } : null;
}

/**
 * The credentials a request carries (bearer token or session cookie), or null when it has none. Whether their
 * account still exists is not checked here: requireUser and requireOwner do that.
 */
export function identifyCaller(req: Request): Promise<Caller | null> {
  let pending = callers.get(req);
  if (!pending) {
    pending = lookUpCaller(req);
    callers.set(req, pending);
  }
  return pending;
}

async function requireCredentials(req: Request): Promise<Caller> {
  const caller = await identifyCaller(req);
  if (!caller) throw new AppError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer gf_…`");
  setRequestUser(caller.userId);
  return caller;
}

// A cookie outlives its account (30 days) and a token may sit in the cache a few seconds after the account is
// deleted: both must answer 401, not fail later on a missing owner.
const accountGone = () => new AppError("unauthorized", "This account no longer exists; sign in again");

/**
 * The caller of an API route: `Authorization: Bearer gf_…` (an API token) or the next-auth cookie.
 * Missing, unknown or revoked credentials, or a deleted account → 401. The request budget (per user, across
 * all their tokens and the cookie) is spent by the guard in handle() before the body is read.
 */
export async function requireUser(req: Request): Promise<Caller> {
  const caller = await requireCredentials(req);
  if (!(await userExists(caller.userId))) throw accountGone();
  return caller;
}

/**
 * requireUser for a route whose work starts by loading a row the caller owns (`load` throws not_found when
 * there is none). Every owned row goes with its account (ON DELETE CASCADE), so finding it proves the account
 * exists: the existence query runs only after a not_found, to answer a deleted account's 401 instead of 404.
 * One query fewer on the API's busiest routes (a session's GET, its actions and events).
 */
export async function requireOwner<T>(req: Request, load: (caller: Caller) => Promise<T>): Promise<T> {
  const caller = await requireCredentials(req);
  try {
    return await load(caller);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found" && !(await userExists(caller.userId))) throw accountGone();
    throw error;
  }
}

/** For server components and actions: the signed-in writer's id, or null. */
export async function getCurrentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ?? null;
}
