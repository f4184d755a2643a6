"use client";
// The session's tokens and estimated cost, against its token budget when one is set (the workspace's Usage drawer).
import { useTranslations } from "next-intl";
import type { SessionResponse } from "@/lib/genflow/responses";

/** The session's tokens and estimated cost, against its token budget when one is set. */
export function UsageMeter({ usage, locale }: { usage: SessionResponse["usage"]; locale: "en" | "zh" }) {
  const t = useTranslations();

  const used = usage.tokensIn + usage.tokensOut;
  const number = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en");
  const cost = `$${usage.costUsd.toFixed(usage.costUsd > 0 && usage.costUsd < 0.01 ? 4 : 2)}`;
  const budget = usage.budget && usage.budget > 0 ? usage.budget : null;
  const ratio = budget ? used / budget : 0;
  const level = !budget ? "none" : ratio >= 1 ? "over" : ratio >= 0.8 ? "near" : "ok";
  const text = budget ? t("usageOfBudget", { used: number.format(used), budget: number.format(budget) }) : t("usageNoBudget", { used: number.format(used) });
  const warning = level === "over" ? t("overBudget") : level === "near" ? t("nearBudget") : null;
  return (
    <div className="w-full min-w-0 space-y-1 text-sm text-slate-700" data-testid="usage" data-level={level}>
      <div className="flex flex-wrap justify-between gap-x-2">
        <span className="font-semibold text-slate-700" id="usage-meter-label">
          {t("tokenUsage")}
        </span>
        <span data-testid="usage-cost">
          {t("estimatedCost")} {cost}
        </span>
      </div>
      {budget && (
        <>
          {/* The native meter carries the semantics; the bar below is its picture (native meters barely style). */}
          <meter
            aria-labelledby="usage-meter-label"
            aria-valuetext={`${text}${warning ? ` (${warning})` : ""}`}
            min={0}
            max={budget}
            low={Math.round(budget * 0.8)}
            high={budget}
            optimum={0}
            value={Math.min(used, budget)}
            className="sr-only"
            data-testid="usage-meter"
          >
            {text}
          </meter>
          <div aria-hidden="true" className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
            <div
              className={`h-full rounded-full ${level === "over" ? "bg-red-600" : level === "near" ? "bg-amber-500" : "bg-emerald-600"}`}
              style={{ width: `${Math.max(used > 0 ? 2 : 0, Math.min(100, Math.round(ratio * 100)))}%` }}
            />
          </div>
        </>
      )}
      <p data-testid="usage-text">
        {text}
        {warning && (
          <strong className={level === "over" ? "text-red-700" : "text-amber-800"}>
            {" "}
            · {level === "over" ? "⚠ " : ""}
            {warning}
          </strong>
        )}
      </p>
    </div>
  );
}
