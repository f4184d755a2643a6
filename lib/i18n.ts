// Interface strings in English and Chinese. The locale comes from the `genflow-locale` cookie (the
// switcher) or the browser's Accept-Language.
// use-intl/core (next-intl's own core, no React): agents also run in plain Node workers.
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/genflow/stages";
import { type Dictionary, en } from "@/lib/locales/en";
import { zh } from "@/lib/locales/zh";

export type { Dictionary };

export const LOCALE_COOKIE = "genflow-locale";

export const dictionaries: Record<Locale, Dictionary> = { en, zh };

export function pickLocale({ cookie, acceptLanguage }: { cookie?: string; acceptLanguage?: string | null }): Locale {
  if (cookie === "zh" || cookie === "en") return cookie;
  return /^\s*zh/i.test(acceptLanguage ?? "") ? "zh" : "en";
}

/** A translator over the catalogue for code outside a request (agents, checks): `t("agentSteps.writing")`. */
export function getTranslator(locale: Locale) {
  return createTranslator({ locale, messages: dictionaries[locale] });
}
