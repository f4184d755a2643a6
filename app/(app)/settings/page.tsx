import { TokenManager } from "@/components/settings/token-manager";
import { getLocale } from "@/lib/locale";

export default async function SettingsPage() {
  const { t } = await getLocale();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">{t.settings}</h1>
      <TokenManager title={t.apiTokens} />
    </section>
  );
}
