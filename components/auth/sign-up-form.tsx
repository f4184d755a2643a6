"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { type SignUpState, signUpAction } from "@/lib/actions/auth";
import { Field, SubmitButton } from "@/components/auth/fields";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations();

  const router = useRouter();
  const password = useRef("");
  const [state, action, pending] = useActionState<SignUpState, FormData>(
    async (prev, form) => {
      password.current = String(form.get("password") ?? "");
      return signUpAction(prev, form);
    },
    { status: "idle" },
  );

  useEffect(() => {
    if (state.status !== "ok") return;
    // The account exists: sign in with the same credentials and continue where the writer was going.
    void signIn("credentials", { email: state.email, password: password.current, redirect: false }).then(() => {
      router.push(callbackUrl);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  const fieldError = (field: string) => (state.status === "error" && state.field === field ? state.message : undefined);
  return (
    <form
      // Submitted by hand, not as a form action: React resets a form after its action, and an error must leave
      // what the writer typed in place.
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        startTransition(() => action(form));
      }}
      className="space-y-4"
      data-testid="sign-up-form"
      noValidate
    >
      <Field name="name" type="text" label={t("name")} autoComplete="name" />
      <Field name="email" type="email" label={t("email")} autoComplete="email" error={fieldError("email")} />
      <Field name="password" type="password" label={t("password")} autoComplete="new-password" hint={t("passwordHint")} error={fieldError("password")} />
      {state.status === "error" && !state.field && (
        <p role="alert" className="text-sm text-red-700" data-testid="form-error">
          {state.message}
        </p>
      )}
      <SubmitButton pending={pending || state.status === "ok"} label={t("signUp")} pendingLabel={t("working")} testId="sign-up-submit" />
      <p className="text-center text-sm text-slate-600">
        {t("haveAccount")}{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-700 underline">
          {t("signIn")}
        </Link>
      </p>
    </form>
  );
}
