// The session's progress, compact enough for the workspace header: status and step in words, percent, a thin bar.
import { useMessages, useTranslations } from "next-intl";
import { describeStep } from "@/components/workspace/labels";

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
  const step = describeStep(currentStep, messages);
  return (
    <div className="min-w-0 flex-1 space-y-1" data-testid="progress">
      <div className="flex justify-between gap-2 text-xs text-slate-700">
        <span className="truncate" data-testid="progress-status" data-status={status}>
          {label}
          {step ? ` · ${step}` : ""}
        </span>
        <span className="shrink-0">
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
        className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full transition-all ${status === "error" ? "bg-red-500" : "bg-indigo-600"}`} style={{ width: `${progress}%` }} />
      </div>
    </div>
  );
}
