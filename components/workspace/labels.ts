// What the workspace shows for values the server sends as identifiers: a run's current step (an action name,
// or a few fixed English words) and why Approve is not possible yet. Nothing internal reaches the screen.
import type { Dictionary } from "@/lib/i18n";
import type { StageData } from "@/lib/genflow/stage-data";
import type { Stage } from "@/lib/genflow/stages";

/** Whether `key` names an own property of `object` (a catalogue lookup without a cast). */
export const hasKey = <T extends object>(object: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(object, key);

// The fixed steps lib/genflow writes in English (runs.ts, actions/*.ts).
const STEP_KEYS: Record<string, keyof Dictionary["steps"]> = {
  queued: "queued",
  "topic selected": "topicSelected",
  "outline updated": "outlineUpdated",
  exported: "exported",
  published: "published",
};

/**
 * A run's current step in the interface language. Agents already report their steps translated (in the
 * session's language); an action name or one of the fixed English steps is looked up in the catalogue.
 */
export function describeStep(step: string | null, messages: Pick<Dictionary, "actionNames" | "steps">): string | null {
  if (!step) return null;
  if (hasKey(messages.actionNames, step)) return messages.actionNames[step];
  if (hasKey(STEP_KEYS, step)) return messages.steps[STEP_KEYS[step]];
  // Any other identifier-looking word (snake_case) is not for the writer's eyes.
  if (/^[a-z]+(_[a-z]+)+$/.test(step)) return null;
  return step;
}

export type ApproveBlocker = "needsTopic" | "needsOutline" | "needsDraft";

/** Why the stage cannot be approved yet (null when it can): a chosen topic, an outline, a draft. */
export function approveBlocker(stage: Stage, stageData: StageData, articleHasText: boolean): ApproveBlocker | null {
  if (stage === "topic") return stageData.topic?.selected ? null : "needsTopic";
  if (stage === "research") return (stageData.research?.outline?.length ?? 0) > 0 ? null : "needsOutline";
  if (stage === "writing" || stage === "styling" || stage === "review") return articleHasText ? null : "needsDraft";
  return null;
}
