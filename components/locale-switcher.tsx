"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocaleAction } from "@/lib/actions/articles";

/** Sets the interface language (a cookie, by a server action) and re-renders the page in it. */
export function useSetLocale(): [pending: boolean, setLocale: (value: string) => void] {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const setLocale = (value: string) =>
    startTransition(async () => {
      const state = await setLocaleAction(value);
      if (state.status === "ok") router.refresh();
    });
  return [pending, setLocale];
}

export function LocaleSwitcher({ locale, label }: { locale: "en" | "zh"; label: string }) {
  const [pending, setLocale] = useSetLocale();
  return (
    <label className="flex items-center gap-1 text-slate-700">
      <span className="sr-only">{label}</span>
      <select
        value={locale}
        disabled={pending}
        data-testid="locale-switcher"
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-sm"
        onChange={(event) => setLocale(event.target.value)}
      >
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
