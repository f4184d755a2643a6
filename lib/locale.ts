// The interface locale of the current request and its translator (server components and actions).
import "server-only";
import { getTranslations } from "next-intl/server";
import { readRequestLocale } from "@/lib/request-locale";

export async function getLocale() {
  const [locale, t] = await Promise.all([readRequestLocale(), getTranslations()]);
  return { locale, t };
}
