// Linking a GitHub or Google account to a signed-in writer. An OAuth sign-in never joins an existing account by
// an unverified email; instead the writer signs in with their password and links the provider from Settings.
// The intent to link travels through the provider round trip as a short-lived signed cookie.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const OAUTH_PROVIDERS = ["github", "google"] as const;
export const oauthProviderSchema = z.enum(OAUTH_PROVIDERS);
export type OAuthProvider = z.infer<typeof oauthProviderSchema>;

export const LINK_INTENT_COOKIE = "genflow.link-intent";
export const LINK_INTENT_SECONDS = 10 * 60;

const intentSchema = z.object({ userId: z.string().min(1), provider: oauthProviderSchema, expiresAt: z.number() });
type LinkIntent = z.infer<typeof intentSchema>;

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`link-intent:${payload}`).digest("base64url");
}

/** `payload.signature`, both base64url: the callback trusts it only if this server signed it. */
export function encodeLinkIntent({ userId, provider, secret, now = Date.now() }: { userId: string; provider: OAuthProvider; secret: string; now?: number }) {
  const intent: LinkIntent = { userId, provider, expiresAt: now + LINK_INTENT_SECONDS * 1000 };
  const payload = Buffer.from(JSON.stringify(intent)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function decodeLinkIntent({ value, provider, secret, now = Date.now() }: { value: string | undefined; provider: string; secret: string; now?: number }) {
  if (!value) return null;
  const [payload = "", signature = ""] = value.split(".");
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const intent = intentSchema.safeParse(parsed);
  if (!intent.success || intent.data.provider !== provider || intent.data.expiresAt < now) return null;
  return intent.data;
}

export class AccountLinkedElsewhereError extends Error {
  constructor(provider: string) {
    super(`This ${provider} account already signs in to another GenFlow account`);
  }
}

/** Links the provider account to the writer (idempotent); refused when it already belongs to someone else. */
/** Returns the writer, whose email and name the session keeps (not the provider's). */
export async function linkOAuthAccount({ userId, provider, providerAccountId }: { userId: string; provider: OAuthProvider; providerAccountId: string }) {
  const existing = await db.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } }, select: { userId: true } });
  if (existing && existing.userId !== userId) throw new AccountLinkedElsewhereError(provider);
  if (!existing) {
    // One account per provider and writer: linking a second GitHub account replaces the first.
    await db.$transaction([
      db.account.deleteMany({ where: { userId, provider } }),
      db.account.create({ data: { userId, type: "oauth", provider, providerAccountId } }),
    ]);
  }
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
}

export async function listSignInMethods({ userId }: { userId: string }) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, accounts: { select: { provider: true } } } });
  if (!user) throw new AppError("unauthorized", "This account no longer exists");
  const linked = new Set(user.accounts.map((a) => a.provider));
  return { password: user.passwordHash !== null, providers: OAUTH_PROVIDERS.filter((p) => linked.has(p)) };
}

/** Unlinks a provider, unless it is the writer's only way to sign in. */
export async function unlinkOAuthAccount({ userId, provider }: { userId: string; provider: OAuthProvider }) {
  const methods = await listSignInMethods({ userId });
  if (!methods.providers.includes(provider)) throw new AppError("not_found", `No ${provider} account is linked`);
  if (!methods.password && methods.providers.length === 1) {
    throw new AppError("conflict", "This is your only way to sign in: link another account or set a password first");
  }
  await db.account.deleteMany({ where: { userId, provider } });
}
