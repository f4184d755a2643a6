import type { Metadata } from "next";
import localFont from "next/font/local";
import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { getLocale } from "@/lib/locale";
import "./globals.css";

// Self-hosted: next/font/google cannot download fonts at build time on offline machines.
const inter = localFont({ src: "./fonts/inter-latin-wght-normal.woff2", variable: "--font-inter", display: "swap" });

export const metadata: Metadata = {
  title: "GenFlow",
  description: "AI content studio: topic → research → writing → styling → review → publish",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getLocale();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"} className={inter.variable}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
