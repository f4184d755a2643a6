// Writers' accounts: sign-up with a hashed password, credential checks, OAuth upserts.
import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const signUpSchema = z.object({
  email: z.email().max(320).transform((e) => e.toLowerCase()),
  password: z.string().max(200),
  name: z.string().trim().max(100).optional(),
});

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 8) return "Password must be at least 8 characters";
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return "Password must contain letters and digits";
  return null;
}

const BCRYPT_COST = 10;

export async function registerUser({ email, password, name }: z.infer<typeof signUpSchema>) {
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

export async function verifyCredentials({ email, password }: { email: string; password: string }) {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user?.passwordHash) return null;
  return (await bcrypt.compare(password, user.passwordHash)) ? user : null;
}

export async function upsertOAuthUser({
  email,
  name,
  image,
  provider,
  providerAccountId,
}: { email: string; name?: string | null; image?: string | null; provider: string; providerAccountId: string }) {
  const user = await db.user.upsert({
    where: { email: email.toLowerCase() },
    update: {},
    create: { email: email.toLowerCase(), name: name ?? null, image: image ?? null },
  });
  await db.account.upsert({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    update: {},
    create: { userId: user.id, type: "oauth", provider, providerAccountId },
  });
  return user;
}
