// What each action is called, in both interface languages: data only, so modules the actions depend on (the
// event log's messages) can name an action without importing the registry.
import type { Locale } from "@/lib/genflow/stages";

export const ACTION_LABELS = {
  approve: { en: "Approve and continue", zh: "确认并进入下一步" },
  retry: { en: "Retry the failed step", zh: "重试失败的步骤" },
  go_to_stage: { en: "Go back to a stage", zh: "返回之前的阶段" },
  export_article: { en: "Export", zh: "导出文章" },
  complete: { en: "Mark as published", zh: "标记为已发布" },
  research_topic: { en: "Start in-depth research", zh: "开始深入研究" },
  update_outline: { en: "Edit the outline", zh: "编辑大纲" },
  review_article: { en: "Review the article", zh: "审核文章" },
  apply_fixes: { en: "Apply fixes", zh: "应用修改建议" },
  apply_style: { en: "Apply a style", zh: "应用风格" },
  discover_topics: { en: "Discover trending topics", zh: "发现热门话题" },
  select_topic: { en: "Choose a topic", zh: "选择话题" },
  write_draft: { en: "Write the draft", zh: "撰写初稿" },
  revise_draft: { en: "Revise the draft", zh: "修改草稿" },
} as const satisfies Record<string, Record<Locale, string>>;

const byName: Partial<Record<string, Record<Locale, string>>> = ACTION_LABELS;

/** An action's label (its name when unknown, e.g. a run of an action that was since removed). */
export function actionLabel(action: string, locale: Locale = "en"): string {
  return byName[action]?.[locale] ?? action;
}
