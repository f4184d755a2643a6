import { LanguageSetting } from "@/components/settings/language-setting";
import { SignInMethods } from "@/components/settings/sign-in-methods";
import { TokenManager } from "@/components/settings/token-manager";
import { WebhookManager } from "@/components/settings/webhook-manager";
import { getCurrentUserId, oauthProviders } from "@/lib/auth";
import { listSignInMethods, OAUTH_PROVIDERS, oauthProviderSchema } from "@/lib/genflow/account-links";
import { getModelStatus } from "@/lib/genflow/models";
import { STAGE_LABELS, STAGES } from "@/lib/genflow/stages";
import { getLocale } from "@/lib/locale";

const card = "space-y-4 rounded-xl border border-slate-200 bg-white p-6";

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ linked?: string; linkError?: string }> }) {
  const { t, locale } = await getLocale();
  const userId = await getCurrentUserId();
  const methods = userId ? await listSignInMethods({ userId }) : { password: false, providers: [] };
  const query = await searchParams;
  const linkedNow = oauthProviderSchema.safeParse(query.linked);
  const linkError = oauthProviderSchema.safeParse(query.linkError);
  const notice = linkError.success
    ? { kind: "linkedElsewhere" as const, provider: linkError.data }
    : linkedNow.success && methods.providers.includes(linkedNow.data)
      ? { kind: "linked" as const, provider: linkedNow.data }
      : null;
  const models = getModelStatus();
  const missing = models.missing?.startsWith("Set GENFLOW_MODEL") ? t("modelMissingModel") : t("modelMissingKey");
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">{t("settings")}</h1>

      <section className={card} aria-labelledby="settings-model" data-testid="settings-model" data-configured={models.configured}>
        <div>
          <h2 id="settings-model" className="text-lg font-semibold">
            {t("aiModel")}
          </h2>
          <p className="text-sm text-slate-500">{t("modelHint")}</p>
        </div>
        {models.configured ? (
          <>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
              <dt className="text-slate-500">{t("provider")}</dt>
              <dd data-testid="model-provider">{models.provider === "openai" ? t("providerOpenai") : t("providerCompatible")}</dd>
              <dt className="text-slate-500">{t("apiMode")}</dt>
              <dd data-testid="model-api-mode">{models.apiMode === "chat" ? t("apiChat") : t("apiResponses")}</dd>
            </dl>
            <table className="w-full max-w-lg text-left text-sm" data-testid="model-table">
              <caption className="mb-1 text-left text-sm font-medium text-slate-700">{t("modelPerStage")}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-xs uppercase text-slate-500">
                  <th scope="col" className="py-1 pr-4 font-semibold">
                    {t("stage")}
                  </th>
                  <th scope="col" className="py-1 font-semibold">
                    {t("model")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {STAGES.map((stage) => (
                  <tr key={stage}>
                    <th scope="row" className="py-1 pr-4 font-normal">
                      {STAGE_LABELS[stage][locale]}
                    </th>
                    <td className="py-1">
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs" data-testid={`model-${stage}`}>
                        {models.models[stage] ?? "—"}
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <div role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="model-missing">
            <p className="font-semibold">{t("noModelTitle")}.</p>
            <p className="mt-1">{missing}</p>
          </div>
        )}
      </section>

      <section className={card} aria-labelledby="settings-language">
        <h2 id="settings-language" className="text-lg font-semibold">
          {t("language")}
        </h2>
        <LanguageSetting locale={locale} label={t("interfaceLanguage")} hint={t("interfaceLanguageHint")} />
      </section>

      <SignInMethods password={methods.password} configured={OAUTH_PROVIDERS.filter((p) => oauthProviders[p])} linked={methods.providers} notice={notice} />

      <TokenManager />

      <WebhookManager />
    </section>
  );
}
