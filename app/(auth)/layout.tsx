import type { ReactNode } from "react";
import { getLocale } from "@/lib/locale";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = await getLocale();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="space-y-1 text-center">
          <h1 className="text-2xl font-bold tracking-tight">{t("appName")}</h1>
          <p className="text-sm text-slate-600">{t("tagline")}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
