import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { getCurrentUserId } from "@/lib/auth";
import { getLocale } from "@/lib/locale";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const [userId, { t, locale }] = await Promise.all([getCurrentUserId(), getLocale()]);
  if (!userId) redirect("/sign-in");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3" aria-label="Main">
          <Link href="/" className="text-lg font-bold tracking-tight" data-testid="nav-home">
            {t("appName")}
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <Link href="/settings" className="text-slate-700 hover:text-slate-900" data-testid="nav-settings">
              {t("settings")}
            </Link>
            <LocaleSwitcher locale={locale} label={t("language")} />
            <SignOutButton label={t("signOut")} />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
