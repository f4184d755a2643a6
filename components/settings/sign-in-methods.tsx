"use client";
// Settings → sign-in methods: the password and each configured provider, with link / unlink. Linking goes through
// the provider (next-auth's signIn) after the server has remembered, signed, that this writer asked for it.
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useState, useTransition } from "react";
import { type AccountLinkState, startAccountLinkAction, unlinkAccountAction } from "@/lib/actions/accounts";
import type { OAuthProvider } from "@/lib/genflow/account-links";

const PROVIDER_NAMES: Record<OAuthProvider, string> = { github: "GitHub", google: "Google" };

type ErrorCode = Extract<AccountLinkState, { status: "error" }>["code"];

export function SignInMethods({
  password,
  configured,
  linked,
  notice,
}: {
  password: boolean;
  configured: readonly OAuthProvider[];
  linked: readonly OAuthProvider[];
  /** From the OAuth round trip's return address: `?linked=github` or `?linkError=github`. */
  notice?: { kind: "linked" | "linkedElsewhere"; provider: OAuthProvider } | null;
}) {
  const t = useTranslations("signInMethods");
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<OAuthProvider | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const errorText: Record<ErrorCode, string> = { only_method: t("onlyMethod"), not_linked: t("notLinkedError"), unknown_provider: t("unknownProvider") };

  function link(provider: OAuthProvider) {
    setError(null);
    setBusy(provider);
    startTransition(async () => {
      const state = await startAccountLinkAction(provider);
      if (state.status === "error") {
        setBusy(null);
        return setError(state.code);
      }
      await signIn(provider, { callbackUrl: `/settings?linked=${provider}` });
    });
  }

  function unlink(provider: OAuthProvider) {
    setError(null);
    startTransition(async () => {
      const state = await unlinkAccountAction(provider);
      if (state.status === "error") setError(state.code);
    });
  }

  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-6" aria-labelledby="settings-sign-in" data-testid="sign-in-methods">
      <div>
        <h2 id="settings-sign-in" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-500">{t("hint")}</p>
      </div>
      {notice && (
        <p role="status" className={notice.kind === "linked" ? "text-sm text-emerald-700" : "text-sm text-red-700"} data-testid="sign-in-methods-notice">
          {notice.kind === "linked"
            ? t("linkedNow", { provider: PROVIDER_NAMES[notice.provider] })
            : t("linkedElsewhere", { provider: PROVIDER_NAMES[notice.provider] })}
        </p>
      )}
      <ul className="divide-y divide-slate-100 text-sm">
        <li className="flex items-center justify-between py-2">
          <span>{t("password")}</span>
          <span className="text-slate-500" data-testid="sign-in-method-password">
            {password ? t("passwordSet") : t("passwordNotSet")}
          </span>
        </li>
        {configured.map((provider) => {
          const name = PROVIDER_NAMES[provider];
          const isLinked = linked.includes(provider);
          return (
            <li key={provider} className="flex items-center justify-between gap-3 py-2" data-testid={`sign-in-method-${provider}`} data-linked={isLinked}>
              <span>
                {name} · <span className="text-slate-500">{isLinked ? t("linked") : t("notLinked")}</span>
              </span>
              <button
                type="button"
                disabled={pending}
                onClick={() => (isLinked ? unlink(provider) : link(provider))}
                data-testid={`${isLinked ? "unlink" : "link"}-${provider}`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50 disabled:opacity-50"
              >
                {busy === provider ? t("linking", { provider: name }) : isLinked ? t("unlink", { provider: name }) : t("link", { provider: name })}
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="sign-in-methods-error">
          {errorText[error]}
        </p>
      )}
    </section>
  );
}
