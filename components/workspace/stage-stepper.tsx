// The six stages as a compact numbered list: done, current (aria-current="step") and still to come.
import { type Locale, STAGE_LABELS, STAGES, type Stage, stageIndex } from "@/lib/genflow/stages";

export function StageStepper({ current, locale, label }: { current: Stage; locale: Locale; label: string }) {
  const currentIndex = stageIndex(current);
  return (
    <ol className="grid grid-cols-3 gap-1" aria-label={label} data-testid="stage-stepper">
      {STAGES.map((stage, index) => {
        const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
        return (
          <li
            key={stage}
            aria-current={state === "current" ? "step" : undefined}
            data-state={state}
            className={`truncate rounded-md px-2 py-1 text-xs font-medium ${
              state === "current" ? "bg-indigo-600 text-white" : state === "done" ? "bg-indigo-50 text-indigo-800" : "bg-slate-100 text-slate-600"
            }`}
          >
            {state === "done" && <span aria-hidden="true">✓ </span>}
            {index + 1}. {STAGE_LABELS[stage][locale]}
          </li>
        );
      })}
    </ol>
  );
}
