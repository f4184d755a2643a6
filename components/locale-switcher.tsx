"use client";
import { useRouter } from "next/navigation";
import { LOCALE_COOKIE } from "@/lib/i18n";

export function LocaleSwitcher({ locale, label }: { locale: "en" | "zh"; label: string }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-1 text-slate-700">
      <span className="sr-only">{label}</span>
      <select
        value={locale}
        data-testid="locale-switcher"
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-sm"
        onChange={(event) => {
          document.cookie = `${LOCALE_COOKIE}=${event.target.value}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
