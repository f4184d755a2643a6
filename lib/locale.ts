// The interface locale of the current request (server components and actions).
import "server-only";
import { cookies, headers } from "next/headers";
import { type Dictionary, dictionaries, LOCALE_COOKIE, pickLocale } from "@/lib/i18n";
import type { Locale } from "@/lib/genflow/stages";

export async function getLocale(): Promise<{ locale: Locale; t: Dictionary }> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerStore.get("accept-language") });
  return { locale, t: dictionaries[locale] };
}
