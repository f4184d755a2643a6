// Interface strings in English and Chinese. The locale comes from the `genflow-locale` cookie (the
// switcher) or the browser's Accept-Language.
import type { Locale } from "@/lib/genflow/stages";

export const LOCALE_COOKIE = "genflow-locale";

const en = {
  appName: "GenFlow",
  tagline: "From idea to published article, with AI agents and you in the loop.",
  signIn: "Sign in",
  signUp: "Create account",
  signOut: "Sign out",
  email: "Email",
  password: "Password",
  name: "Name (optional)",
  noAccount: "No account yet?",
  haveAccount: "Already have an account?",
  signInFailed: "Email or password is incorrect.",
  passwordHint: "At least 8 characters, with letters and digits.",
  orContinueWith: "or continue with",
  working: "Working…",
  dashboard: "Your articles",
  newArticle: "New article",
  search: "Search articles",
  emptyTitle: "No articles yet",
  emptyBody: "Start a new article: GenFlow proposes topics, researches, drafts and reviews with you.",
  stage: "Stage",
  updated: "Updated",
  open: "Open",
  delete: "Delete",
  confirmDelete: "Delete this article and its history? This cannot be undone.",
  cancel: "Cancel",
  settings: "Settings",
  apiTokens: "API tokens",
  language: "Language",
  loading: "Loading…",
  back: "Back to articles",
  version: "Version",
  content: "Content",
  save: "Save",
  saved: "Saved",
  conflict: "This article was changed elsewhere. Reload to see the latest version.",
};

export type Dictionary = typeof en;

const zh: Dictionary = {
  appName: "GenFlow",
  tagline: "从选题到发布，AI 智能体与你协作完成文章。",
  signIn: "登录",
  signUp: "注册账号",
  signOut: "退出登录",
  email: "邮箱",
  password: "密码",
  name: "昵称（可选）",
  noAccount: "还没有账号？",
  haveAccount: "已有账号？",
  signInFailed: "邮箱或密码不正确。",
  passwordHint: "至少 8 个字符，需包含字母和数字。",
  orContinueWith: "或使用以下方式继续",
  working: "处理中…",
  dashboard: "我的文章",
  newArticle: "新建文章",
  search: "搜索文章",
  emptyTitle: "还没有文章",
  emptyBody: "新建一篇文章：GenFlow 会与你一起选题、研究、写作和审核。",
  stage: "阶段",
  updated: "更新于",
  open: "打开",
  delete: "删除",
  confirmDelete: "删除这篇文章及其全部历史？此操作无法撤销。",
  cancel: "取消",
  settings: "设置",
  apiTokens: "API 令牌",
  language: "语言",
  loading: "加载中…",
  back: "返回文章列表",
  version: "版本",
  content: "正文",
  save: "保存",
  saved: "已保存",
  conflict: "这篇文章已在别处被修改。请刷新查看最新版本。",
};

export const dictionaries: Record<Locale, Dictionary> = { en, zh };

export function pickLocale({ cookie, acceptLanguage }: { cookie?: string; acceptLanguage?: string | null }): Locale {
  if (cookie === "zh" || cookie === "en") return cookie;
  return /^\s*zh/i.test(acceptLanguage ?? "") ? "zh" : "en";
}
