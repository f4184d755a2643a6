// Checks the review stage computes without a model: citations resolve, the outline is covered, the length
// is on target, banned terms are absent, and a readability figure.
import { countLength } from "@/lib/genflow/checks/length";
import { findSection } from "@/lib/genflow/markdown-sections";
import { describeCheck } from "@/lib/genflow/checks/messages";
import type { Locale } from "@/lib/genflow/stages";
import { en } from "@/lib/locales/en";

export interface ComputedCheck {
  id: "citations" | "outline" | "length" | "banned-terms" | "readability";
  passed: boolean;
  message: string;
  details?: unknown;
}

function syllables(word: string): number {
  const groups = word
    .toLowerCase()
    .replace(/e$/, "")
    .match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 1);
}

/** Flesch reading ease for English; average sentence length (characters) for Chinese. */
export function readability(text: string, language: Locale): { score: number; language: Locale; words?: number } {
  const plain = text.replace(/^#+\s.*$/gm, "").replace(/\[\d+\]/g, "");
  const sentences = Math.max(1, (plain.match(/[.!?。！？]+/g) ?? []).length);
  if (language === "zh") return { score: Math.round(countLength(plain, "zh") / sentences), language };
  const words = plain.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
  if (words.length === 0) return { score: 0, language, words: 0 };
  const total = words.reduce((sum, w) => sum + syllables(w), 0);
  const score = Math.round(206.835 - 1.015 * (words.length / sentences) - 84.6 * (total / words.length));
  return { score, language, words: words.length };
}

export function computeReviewChecks({
  text,
  language,
  sourceNumbers,
  outlineTitles,
  targetLength,
  bannedTerms,
}: {
  text: string;
  language: Locale;
  sourceNumbers: number[];
  outlineTitles: string[];
  targetLength?: number;
  bannedTerms: string[];
}): ComputedCheck[] {
  const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const unresolved = [...new Set(cited.filter((n) => !sourceNumbers.includes(n)))];
  const missing = outlineTitles.filter((title) => !findSection(text, title));
  const length = countLength(text, language);
  const lowerText = text.toLowerCase();
  const found = bannedTerms.filter((term) => term && lowerText.includes(term.toLowerCase()));
  const read = readability(text, language);
  const checks: Omit<ComputedCheck, "message">[] = [
    { id: "citations", passed: unresolved.length === 0, details: { cited: cited.length, unresolved } },
    { id: "outline", passed: missing.length === 0, details: { missing, total: outlineTitles.length } },
    { id: "banned-terms", passed: found.length === 0, details: { found } },
    { id: "readability", passed: language === "zh" ? read.score <= 45 : read.score >= 30, details: read },
  ];
  if (targetLength) {
    const deviation = (length - targetLength) / targetLength;
    checks.splice(2, 0, { id: "length", passed: Math.abs(deviation) <= 0.1, details: { length, targetLength, language } });
  }
  // The API speaks English; the editor words the same details in the writer's language.
  return checks.map((check) => {
    const message = describeCheck(check, en.checkMessages);
    // `details.label` of the readability check predates `message`: integrators may read it.
    return { ...check, message, ...(check.id === "readability" ? { details: { ...read, label: message } } : {}) };
  });
}
