import { SignInForm } from "@/components/auth/sign-in-form";
import { oauthProviders } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  return <SignInForm callbackUrl={safeCallbackUrl(callbackUrl)} providers={oauthProviders} initialError={error} />;
}
