// next-intl's type-safe keys: every t("…") is checked against the English catalogue (the reference).
import type { Locale } from "@/lib/genflow/stages";
import type { en } from "@/lib/locales/en";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
