// Presets and platforms for the styling stage, with the length and format rules that are checked after.
import type { Locale } from "@/lib/genflow/stages";
import { countLength } from "@/lib/genflow/checks/length";
import { describeCheck } from "@/lib/genflow/checks/messages";
import { en } from "@/lib/locales/en";

export const PRESET_GUIDES: Record<string, string> = {
  formal: "formal, precise, third person, no slang",
  conversational: "conversational, second person, short sentences, friendly",
  storytelling: "narrative, opens with a scene or anecdote, concrete details",
  academic: "academic, hedged claims, defined terms, careful citations",
  marketing: "persuasive, benefit-led, clear call to action",
  technical: "technical, exact terminology, examples and steps",
};

interface PlatformRule {
  label: string;
  /** Max length in words (en) or characters (zh); null = none. */
  maxLength: { en: number | null; zh: number | null };
  rules: string;
  /** Per-post limit in characters for thread formats (X). */
  postLimit?: number;
  headings: boolean;
}

export const PLATFORM_RULES: Record<string, PlatformRule> = {
  blog: { label: "Blog", maxLength: { en: null, zh: null }, rules: "Markdown with ## headings, an engaging intro and a conclusion", headings: true },
  newsletter: { label: "Newsletter", maxLength: { en: 1500, zh: 3000 }, rules: "a greeting line, short sections with ## headings, a sign-off", headings: true },
  wechat: { label: "WeChat official account", maxLength: { en: 2500, zh: 5000 }, rules: "short paragraphs, ## headings, a summary at the end", headings: true },
  zhihu: { label: "Zhihu", maxLength: { en: 3000, zh: 6000 }, rules: "answer first, then reasoning with ## headings and sources", headings: true },
  xiaohongshu: {
    label: "Xiaohongshu",
    maxLength: { en: 500, zh: 1000 },
    rules: "a catchy title line, short lines, emoji allowed, hashtags at the end, no ## headings",
    headings: false,
  },
  linkedin: {
    label: "LinkedIn",
    maxLength: { en: 600, zh: 1300 },
    rules: "a hook line, short paragraphs, no ## headings, 3 hashtags at the end",
    headings: false,
  },
  x_thread: {
    label: "X thread",
    maxLength: { en: 700, zh: 1400 },
    rules: "numbered posts separated by blank lines, each under 280 characters, no ## headings",
    postLimit: 280,
    headings: false,
  },
};

export interface PlatformCheck {
  id: string;
  passed: boolean;
  message: string;
  details: Record<string, unknown>;
}

export function checkPlatformRules({ text, platform, language }: { text: string; platform: string; language: Locale }): PlatformCheck[] {
  const rule = PLATFORM_RULES[platform];
  if (!rule) return [];
  const checks: Omit<PlatformCheck, "message">[] = [];
  const max = rule.maxLength[language];
  const length = countLength(text, language);
  if (max !== null) checks.push({ id: "max-length", passed: length <= max, details: { length, max, language } });
  const hasHeadings = /^##\s/m.test(text);
  if (!rule.headings) checks.push({ id: "no-headings", passed: !hasHeadings, details: { hasHeadings } });
  if (rule.postLimit) {
    const posts = text.split(/\n\s*\n/).filter((p) => p.trim());
    const over = posts.filter((p) => [...p].length > (rule.postLimit ?? 0)).length;
    checks.push({ id: "post-length", passed: over === 0, details: { over, posts: posts.length, limit: rule.postLimit } });
  }
  return checks.map((check) => ({ ...check, message: describeCheck(check, en.checkMessages) }));
}
