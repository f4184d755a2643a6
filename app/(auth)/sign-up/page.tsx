import { SignUpForm } from "@/components/auth/sign-up-form";
import { getLocale } from "@/lib/locale";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const [{ t }, { callbackUrl }] = await Promise.all([getLocale(), searchParams]);
  return <SignUpForm t={t} callbackUrl={safeCallbackUrl(callbackUrl)} />;
}
