"use client";
// The interface language, as a labelled choice on the settings page (the header has a compact switcher).
import { useId } from "react";
import { useSetLocale } from "@/components/locale-switcher";

export function LanguageSetting({ locale, label, hint }: { locale: "en" | "zh"; label: string; hint: string }) {
  const [pending, setLocale] = useSetLocale();
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        aria-describedby={`${id}-hint`}
        data-testid="settings-locale"
        className="w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        onChange={(event) => setLocale(event.target.value)}
      >
        <option value="en" lang="en">
          English
        </option>
        <option value="zh" lang="zh">
          中文（简体）
        </option>
      </select>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}
