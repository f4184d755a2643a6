import { STAGE_LABELS, STAGES, type Locale, type Stage, stageIndex } from "@/lib/genflow/stages";

export function StageStepper({ current, locale }: { current: Stage; locale: Locale }) {
  const currentIndex = stageIndex(current);
  return (
    <ol className="flex flex-wrap gap-2" aria-label="Stages" data-testid="stage-stepper">
      {STAGES.map((stage, index) => {
        const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
        return (
          <li
            key={stage}
            aria-current={state === "current" ? "step" : undefined}
            data-state={state}
            className={`rounded-full px-3 py-1 text-xs font-medium ${
              state === "current" ? "bg-indigo-600 text-white" : state === "done" ? "bg-indigo-100 text-indigo-800" : "bg-slate-100 text-slate-500"
            }`}
          >
            {index + 1}. {STAGE_LABELS[stage][locale]}
          </li>
        );
      })}
    </ol>
  );
}
