import { SignInForm } from "@/components/auth/sign-in-form";
import { oauthProviders } from "@/lib/auth";
import { getLocale } from "@/lib/locale";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const [{ t }, { callbackUrl, error }] = await Promise.all([getLocale(), searchParams]);
  return <SignInForm t={t} callbackUrl={safeCallbackUrl(callbackUrl)} providers={oauthProviders} initialError={error} />;
}
