// Stages, statuses and locales: the vocabulary every other part of GenFlow speaks.
import { z } from "zod";

export const STAGES = ["topic", "research", "writing", "styling", "review", "publish"] as const;
export type Stage = (typeof STAGES)[number];
export const stageSchema = z.enum(STAGES);

export const STATUSES = ["idle", "processing", "error", "expired"] as const;
export type Status = (typeof STATUSES)[number];

export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export const CAPABILITIES = ["suggestions", "autoComplete", "grammarCheck"] as const;
export type Capability = (typeof CAPABILITIES)[number];

// Seed rule: what the editor may offer besides the stage's actions.
const STAGE_CAPABILITIES: Record<Stage, Capability[]> = {
  topic: ["suggestions"],
  research: ["suggestions", "autoComplete"],
  writing: ["suggestions", "autoComplete", "grammarCheck"],
  styling: ["suggestions", "autoComplete", "grammarCheck"],
  review: ["suggestions", "grammarCheck"],
  publish: [],
};

export function getCapabilities(stage: Stage): Capability[] {
  return [...STAGE_CAPABILITIES[stage]];
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function nextStage(stage: Stage): Stage | null {
  return STAGES[stageIndex(stage) + 1] ?? null;
}

export const STAGE_LABELS: Record<Stage, Record<Locale, string>> = {
  topic: { en: "Topic", zh: "选题" },
  research: { en: "Research", zh: "研究" },
  writing: { en: "Writing", zh: "写作" },
  styling: { en: "Styling", zh: "风格" },
  review: { en: "Review", zh: "审核" },
  publish: { en: "Publish", zh: "发布" },
};
