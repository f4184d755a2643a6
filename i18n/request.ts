// next-intl's request configuration, without i18n routing: the locale comes from the `genflow-locale` cookie
// (the switcher) or Accept-Language, as before (lib/locale.ts), and the messages from lib/locales.
import { getRequestConfig } from "next-intl/server";
import { dictionaries } from "@/lib/i18n";
import { readRequestLocale } from "@/lib/request-locale";

export default getRequestConfig(async () => {
  const locale = await readRequestLocale();
  return { locale, messages: dictionaries[locale] };
});
