// Checks the review stage computes without a model: citations resolve, the outline is covered, the length
// is on target, banned terms are absent, and a readability figure.
import { countLength } from "@/lib/ai/prompts/stages";
import { findSection } from "@/lib/genflow/markdown-sections";
import type { Locale } from "@/lib/genflow/stages";

export interface ComputedCheck {
  id: "citations" | "outline" | "length" | "banned-terms" | "readability";
  passed: boolean;
  message: string;
  details?: unknown;
}

function syllables(word: string): number {
  const groups = word.toLowerCase().replace(/e$/, "").match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 1);
}

/** Flesch reading ease for English; average sentence length (characters) for Chinese. */
export function readability(text: string, language: Locale): { score: number; label: string } {
  const plain = text.replace(/^#+\s.*$/gm, "").replace(/\[\d+\]/g, "");
  const sentences = Math.max(1, (plain.match(/[.!?。！？]+/g) ?? []).length);
  if (language === "zh") {
    const average = Math.round(countLength(plain, "zh") / sentences);
    return { score: average, label: `${average} characters per sentence (aim for 15–35)` };
  }
  const words = plain.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
  if (words.length === 0) return { score: 0, label: "no text" };
  const total = words.reduce((sum, w) => sum + syllables(w), 0);
  const score = Math.round(206.835 - 1.015 * (words.length / sentences) - 84.6 * (total / words.length));
  return { score, label: `Flesch reading ease ${score} (60–70 is plain English)` };
}

export function computeReviewChecks({
  text,
  language,
  sourceNumbers,
  outlineTitles,
  targetLength,
  bannedTerms,
}: { text: string; language: Locale; sourceNumbers: number[]; outlineTitles: string[]; targetLength?: number; bannedTerms: string[] }): ComputedCheck[] {
  const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const unresolved = [...new Set(cited.filter((n) => !sourceNumbers.includes(n)))];
  const missing = outlineTitles.filter((title) => !findSection(text, title));
  const length = countLength(text, language);
  const lowerText = text.toLowerCase();
  const found = bannedTerms.filter((term) => term && lowerText.includes(term.toLowerCase()));
  const read = readability(text, language);
  const checks: ComputedCheck[] = [
    {
      id: "citations",
      passed: unresolved.length === 0,
      message: unresolved.length ? `citations without a source: ${unresolved.map((n) => `[${n}]`).join(", ")}` : `${cited.length} citations, all resolve to a source`,
      details: { cited: cited.length, unresolved },
    },
    {
      id: "outline",
      passed: missing.length === 0,
      message: missing.length ? `outline sections missing: ${missing.join(", ")}` : `all ${outlineTitles.length} outline sections present`,
      details: { missing },
    },
    { id: "banned-terms", passed: found.length === 0, message: found.length ? `banned terms used: ${found.join(", ")}` : "no banned terms", details: { found } },
    { id: "readability", passed: language === "zh" ? read.score <= 45 : read.score >= 30, message: read.label, details: read },
  ];
  if (targetLength) {
    const deviation = (length - targetLength) / targetLength;
    checks.splice(2, 0, {
      id: "length",
      passed: Math.abs(deviation) <= 0.1,
      message: `${length} ${language === "zh" ? "characters" : "words"}, target ${targetLength} (${deviation >= 0 ? "+" : ""}${Math.round(deviation * 100)} %)`,
      details: { length, targetLength },
    });
  }
  return checks;
}
