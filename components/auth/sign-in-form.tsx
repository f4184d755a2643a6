"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field, SubmitButton } from "@/components/auth/fields";

export function SignInForm({
  callbackUrl,
  providers,
  initialError,
}: {
  callbackUrl: string;
  providers: { github: boolean; google: boolean };
  initialError?: string;
}) {
  const t = useTranslations();

  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError === "OAuthAccountNotLinked" ? t("oauthNotLinked") : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (!result || result.error) return setError(result?.error === "TooManyAttempts" ? t("signInThrottled") : t("signInFailed"));
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" data-testid="sign-in-form" noValidate>
      <Field name="email" type="email" label={t("email")} autoComplete="email" />
      <Field name="password" type="password" label={t("password")} autoComplete="current-password" />
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="form-error">
          {error}
        </p>
      )}
      <SubmitButton pending={pending} label={t("signIn")} pendingLabel={t("working")} testId="sign-in-submit" />
      {(providers.github || providers.google) && (
        <div className="space-y-2 pt-2">
          <p className="text-center text-xs text-slate-500">{t("orContinueWith")}</p>
          {providers.github && (
            <button
              type="button"
              onClick={() => signIn("github", { callbackUrl })}
              data-testid="sign-in-github"
              className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            >
              GitHub
            </button>
          )}
          {providers.google && (
            <button
              type="button"
              onClick={() => signIn("google", { callbackUrl })}
              data-testid="sign-in-google"
              className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            >
              Google
            </button>
          )}
        </div>
      )}
      <p className="text-center text-sm text-slate-600">
        {t("noAccount")}{" "}
        <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-700 underline">
          {t("signUp")}
        </Link>
      </p>
    </form>
  );
}
