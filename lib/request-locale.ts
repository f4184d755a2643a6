// The interface locale of the current request: the `genflow-locale` cookie (the switcher), else Accept-Language.
// next-intl's request configuration (i18n/request.ts) reads it; kept apart from lib/locale.ts, which imports
// next-intl/server, so the configuration does not import itself.
import "server-only";
import { cookies, headers } from "next/headers";
import type { Locale } from "@/lib/genflow/stages";
import { LOCALE_COOKIE, pickLocale } from "@/lib/i18n";

export async function readRequestLocale(): Promise<Locale> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return pickLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerStore.get("accept-language") });
}
