import { useMessages, useTranslations } from "next-intl";

export function ProgressBar({
  progress,
  status,
  currentStep,
  estimatedTime,
}: {
  progress: number;
  status: string;
  currentStep: string | null;
  estimatedTime: number | null;
}) {
  const t = useTranslations();
  const messages = useMessages();

  const label = messages.status[status as keyof typeof messages.status] ?? status;
  return (
    <div className="space-y-1" data-testid="progress">
      <div className="flex justify-between text-xs text-slate-600">
        <span data-testid="progress-status" data-status={status}>
          {label}
          {currentStep ? ` · ${currentStep}` : ""}
        </span>
        <span>
          {status === "processing" && estimatedTime ? `${t("eta", { s: String(estimatedTime) })} · ` : ""}
          <span data-testid="progress-value">{progress}%</span>
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={t("progress")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        data-testid="progress-bar"
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full transition-all ${status === "error" ? "bg-red-500" : "bg-indigo-600"}`} style={{ width: `${progress}%` }} />
      </div>
    </div>
  );
}
