// Stages, statuses and locales: the vocabulary every other part of GenFlow speaks. The types are the
// database's enums (prisma/schema.prisma); the lists give their order (a test checks they match). No zod here:
// the workspace's first load imports this module (its schemas are in stage-schemas.ts).
import type { Language, RunStatus, SessionStatus, Stage as StoredStage } from "@/lib/generated/prisma/enums";

export type Stage = StoredStage;
export const STAGES = ["topic", "research", "writing", "styling", "review", "publish"] as const satisfies readonly Stage[];

/** A session's status as the API shows it: what the row stores, or "expired" (computed from expiresAt). */
export type Status = SessionStatus | "expired";
export const STATUSES = ["idle", "processing", "error", "expired"] as const satisfies readonly Status[];

export type { RunStatus };
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const satisfies readonly RunStatus[];

export const isStage = (value: unknown): value is Stage => STAGES.some((s) => s === value);
export const isStatus = (value: unknown): value is Status => STATUSES.some((s) => s === value);

export type Locale = Language;
export const LOCALES = ["en", "zh"] as const satisfies readonly Locale[];

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

/** A new article's title until the writer (or the chosen topic) names it. */
export const DEFAULT_TITLE: Record<Locale, string> = { en: "Untitled article", zh: "未命名文章" };
