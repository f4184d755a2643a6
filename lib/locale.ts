// The interface locale of the current request (server components and actions).
import "server-only";
import { cookies, headers } from "next/headers";
import type { Locale } from "@/lib/genflow/stages";
import { type Dictionary, dictionaries, LOCALE_COOKIE, pickLocale } from "@/lib/i18n";

/** Also next-intl's request locale (i18n/request.ts). */
export async function readRequestLocale(): Promise<Locale> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return pickLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerStore.get("accept-language") });
}

export async function getLocale(): Promise<{ locale: Locale; t: Dictionary }> {
  const locale = await readRequestLocale();
  return { locale, t: dictionaries[locale] };
}
