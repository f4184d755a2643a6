"use server";
// Settings → sign-in methods: start linking a provider (then the browser goes through the provider) or unlink one.
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUserId, oauthProviders } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { encodeLinkIntent, LINK_INTENT_COOKIE, LINK_INTENT_SECONDS, oauthProviderSchema, unlinkOAuthAccount } from "@/lib/genflow/account-links";

export type AccountLinkState = { status: "ok" } | { status: "error"; code: "unknown_provider" | "only_method" | "not_linked" };

async function requireWriter(): Promise<string> {
  const userId = await getCurrentUserId();
  if (!userId) redirect("/sign-in?callbackUrl=/settings");
  return userId;
}

// Server action: remember (signed, 10 minutes, this browser) that the signed-in writer is linking `provider`;
// the client then calls next-auth's signIn(provider) and the OAuth callback links instead of signing in.
export async function startAccountLinkAction(provider: string): Promise<AccountLinkState> {
  const userId = await requireWriter();
  const parsed = oauthProviderSchema.safeParse(provider);
  if (!parsed.success || !oauthProviders[parsed.data]) return { status: "error", code: "unknown_provider" };
  const jar = await cookies();
  jar.set(LINK_INTENT_COOKIE, encodeLinkIntent({ userId, provider: parsed.data, secret: env.NEXTAUTH_SECRET }), {
    httpOnly: true,
    // Lax: the provider's redirect back to our callback is a top-level GET, which carries it.
    sameSite: "lax",
    secure: env.NODE_ENV === "production" && (env.NEXTAUTH_URL ?? "").startsWith("https:"),
    path: "/",
    maxAge: LINK_INTENT_SECONDS,
  });
  return { status: "ok" };
}

// Server action: unlink a provider, unless it is the writer's only way to sign in.
export async function unlinkAccountAction(provider: string): Promise<AccountLinkState> {
  const userId = await requireWriter();
  const parsed = oauthProviderSchema.safeParse(provider);
  if (!parsed.success) return { status: "error", code: "unknown_provider" };
  try {
    await unlinkOAuthAccount({ userId, provider: parsed.data });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return { status: "error", code: "only_method" };
    if (error instanceof AppError && error.code === "not_found") return { status: "error", code: "not_linked" };
    throw error;
  }
  revalidatePath("/settings");
  return { status: "ok" };
}
