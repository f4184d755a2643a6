// Writers' accounts: sign-up with a hashed password, credential checks, OAuth upserts.
import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertUnderLimit, clearFailures, consumeRateLimit, recordFailure } from "@/lib/rate-limit";

export const signUpSchema = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: z.string().max(200),
  name: z.string().trim().max(100).optional(),
});

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 8) return "Password must be at least 8 characters";
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return "Password must contain letters and digits";
  return null;
}

const BCRYPT_COST = 10;

/** Creates an account; sign-ups are limited per IP and per email before the password is hashed. */
// `ip` null: a trusted caller (the CLI, test factories) with no network address to limit.
export async function registerUser({ email, password, name, ip }: z.infer<typeof signUpSchema> & { ip: string | null }) {
  if (ip !== null) await consumeRateLimit(ip, "sign-up-ip", "Too many sign-ups from this network");
  await consumeRateLimit(email, "sign-up-email", "Too many sign-up attempts for this email");
  const weakness = checkPasswordStrength(password);
  if (weakness) throw new AppError("weak_password", weakness, { details: [{ field: "password", message: weakness }] });
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw emailTaken();
  const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
  try {
    return await db.user.create({ data: { email, name: name || null, passwordHash }, select: { id: true, email: true, name: true } });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw emailTaken();
    throw error;
  }
}

function emailTaken() {
  return new AppError("email_taken", "An account with this email already exists", {
    details: [{ field: "email", message: "already registered" }],
  });
}

/** Whether the account still exists (a cookie or cached token may outlive it). */
export async function userExists(id: string): Promise<boolean> {
  return (await db.user.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/**
 * Checks an email + password, spending the sign-in failure budget per email and per IP: over it → 429
 * before bcrypt runs, so guessing costs the attacker the wait, not us the hashing.
 */
export async function verifyCredentials({ email, password, ip }: { email: string; password: string; ip: string }) {
  const normalized = email.toLowerCase();
  await assertUnderLimit(ip, "sign-in-ip", "Too many failed sign-ins from this network");
  await assertUnderLimit(normalized, "sign-in-email", "Too many failed sign-ins for this email");
  const user = await db.user.findUnique({ where: { email: normalized } });
  const ok = Boolean(user?.passwordHash) && (await bcrypt.compare(password, user?.passwordHash ?? ""));
  if (!ok) {
    await Promise.all([recordFailure(ip, "sign-in-ip"), recordFailure(normalized, "sign-in-email")]);
    return null;
  }
  await clearFailures(normalized, "sign-in-email");
  return user;
}

export class UnverifiedOAuthEmailError extends Error {}

/**
 * The GenFlow user behind an OAuth sign-in. An account already linked signs in; a new email gets a new
 * user; an existing user is linked only when the provider vouches for the email (else the writer must sign
 * in with their password first), so a provider account claiming someone's address cannot take it over.
 */
export async function upsertOAuthUser({
  email,
  emailVerified,
  name,
  image,
  provider,
  providerAccountId,
}: {
  email: string;
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
  provider: string;
  providerAccountId: string;
}) {
  const linked = await db.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } }, include: { user: true } });
  if (linked) return linked.user;
  const normalized = email.toLowerCase();
  const existing = await db.user.findUnique({ where: { email: normalized } });
  if (existing && !emailVerified) throw new UnverifiedOAuthEmailError(normalized);
  const user = existing ?? (await db.user.create({ data: { email: normalized, name: name ?? null, image: image ?? null } }));
  await db.account.upsert({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    update: {},
    create: { userId: user.id, type: "oauth", provider, providerAccountId },
  });
  return user;
}
