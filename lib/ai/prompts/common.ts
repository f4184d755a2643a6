// Prompt pieces every agent shares. Marker lines ("Language: …", "Target words: N", "## Section",
// "[n] Source") are plain instructions to a real model and the conventions the fake model keys on.
import type { Locale } from "@/lib/genflow/stages";

export interface SourceRef {
  number: number;
  title: string;
  url?: string;
  excerpt?: string;
}

export function languageLine(language: Locale): string {
  return language === "zh" ? "Language: zh (write in Simplified Chinese)" : "Language: en (write in English)";
}

/** Chinese length is counted in characters, English in words. */
export function lengthLine(language: Locale, target: number): string {
  return language === "zh" ? `Target characters: ${target}` : `Target words: ${target}`;
}

export function sourcesBlock(sources: SourceRef[]): string {
  if (sources.length === 0) return "Sources: none given.";
  const lines = sources.map((s) => `[${s.number}] ${s.title}${s.url ? ` — ${s.url}` : ""}${s.excerpt ? `\n    ${s.excerpt.slice(0, 400)}` : ""}`);
  return `Sources (cite as [n], only these numbers):\n${lines.join("\n")}`;
}

export function outlineBlock(outline: { title: string; points: string[] }[]): string {
  return outline.map((s) => `## ${s.title}\n${s.points.map((p) => `- ${p}`).join("\n")}`).join("\n");
}

export function feedbackLine(feedback?: string): string {
  return feedback ? `\nThe writer's feedback on the previous result, to take into account: ${feedback}` : "";
}
