// Every action of every stage, with its localized label and the zod schema of its parameters.
// The state machine (state-machine.ts) decides which of them a session may run right now.
import { z } from "zod";
import { type Locale, type Stage, stageSchema } from "@/lib/genflow/stages";

const id = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);

export const STYLE_PRESETS = ["formal", "conversational", "storytelling", "academic", "marketing", "technical"] as const;
export const PLATFORMS = ["blog", "newsletter", "wechat", "zhihu", "xiaohongshu", "linkedin", "x_thread"] as const;
export const EXPORT_FORMATS = ["md", "html"] as const;

const outlineSection = z.object({
  id: id.optional(),
  title: text(300),
  points: z.array(text(1000)).max(30).default([]),
});

export const actionParameterSchemas = {
  discover_topics: z.object({
    // Absent: the session language's default (DEFAULT_TOPIC_CATEGORY), as the seed does.
    category: text(200).optional(),
    count: z.number().int().min(1).max(10).default(5),
    audience: text(300).optional(),
    keywords: z.array(text(100)).max(20).optional(),
  }),
  select_topic: z.union([
    z.object({ topicId: id }),
    z.object({ title: text(300), angle: text(1000).optional(), keywords: z.array(text(100)).max(20).optional() }),
  ]),
  research_topic: z.object({
    depth: z.enum(["quick", "standard", "deep"]).default("standard"),
    sources: z
      .array(z.union([z.object({ url: z.url({ protocol: /^https?$/ }) }), z.object({ title: text(300).optional(), text: text(200_000) })]))
      .max(20)
      .optional(),
  }),
  update_outline: z.object({ sections: z.array(outlineSection).min(1).max(50) }),
  write_draft: z.object({
    targetLength: z.number().int().min(100).max(20_000).default(1500),
    tone: text(100).optional(),
  }),
  revise_draft: z.object({ instruction: text(2000), sectionId: id.optional() }),
  apply_style: z.object({ preset: z.enum(STYLE_PRESETS), platform: z.enum(PLATFORMS) }),
  review_article: z.object({}).default({}),
  apply_fixes: z.object({ issueIds: z.array(id).min(1).max(100) }),
  export_article: z.object({ format: z.enum(EXPORT_FORMATS).default("md") }),
  complete: z.object({}).default({}),
  // The stage being approved: a client that sends it cannot skip a stage by approving twice.
  approve: z.object({ stage: stageSchema.optional() }).default({}),
  go_to_stage: z.object({ stage: stageSchema }),
  // In `error`: runs the failed action again with its parameters.
  retry: z.object({}).default({}),
} as const;

export const DEFAULT_TOPIC_CATEGORY: Record<Locale, string> = { en: "technology", zh: "技术" };

export type ActionName = keyof typeof actionParameterSchemas;
export const ACTION_NAMES = Object.keys(actionParameterSchemas) as ActionName[];
export type ActionParameters<A extends ActionName> = z.infer<(typeof actionParameterSchemas)[A]>;

export interface ActionDefinition {
  name: ActionName;
  /** Button id: the seed calls research's primary button `start_research`. */
  buttonId?: string;
  type: "primary" | "secondary";
  label: Record<Locale, string>;
  /** Runs a model: needs a configured provider and counts against the token budget. */
  usesModel: boolean;
}

const def = (
  name: ActionName,
  type: ActionDefinition["type"],
  en: string,
  zh: string,
  usesModel: boolean,
  buttonId?: string,
): ActionDefinition => ({ name, type, label: { en, zh }, usesModel, buttonId });

const approve = def("approve", "primary", "Approve and continue", "确认并进入下一步", false);
const goBack = def("go_to_stage", "secondary", "Go back to a stage", "返回之前的阶段", false);
export const RETRY_ACTION = def("retry", "primary", "Retry the failed step", "重试失败的步骤", false);
export const GO_BACK_ACTION = goBack;

// Order matters: it is the order of the buttons in the editor's action bar.
export const STAGE_ACTIONS: Record<Stage, ActionDefinition[]> = {
  topic: [
    def("discover_topics", "primary", "Discover trending topics", "发现热门话题", true),
    def("select_topic", "secondary", "Choose a topic", "选择话题", false),
    approve,
  ],
  research: [
    def("research_topic", "primary", "Start in-depth research", "开始深入研究", true, "start_research"),
    def("update_outline", "secondary", "Edit the outline", "编辑大纲", false),
    approve,
    goBack,
  ],
  writing: [
    def("write_draft", "primary", "Write the draft", "撰写初稿", true),
    def("revise_draft", "secondary", "Revise the draft", "修改草稿", true),
    approve,
    goBack,
  ],
  styling: [def("apply_style", "primary", "Apply a style", "应用风格", true), approve, goBack],
  review: [
    def("review_article", "primary", "Review the article", "审核文章", true),
    def("apply_fixes", "secondary", "Apply fixes", "应用修改建议", true),
    approve,
    goBack,
  ],
  publish: [
    def("export_article", "primary", "Export", "导出文章", false),
    def("complete", "primary", "Mark as published", "标记为已发布", false),
    goBack,
  ],
};
