// Checks the review stage computes without a model: citations resolve, the outline is covered, the length
// is on target, banned terms are absent, and a readability figure. Pure and client-safe: the editor recomputes
// them on the writer's current text after every change (no model call).
import { type CitableSource, citedNumbers, isVerifiedSource } from "@/lib/genflow/checks/citations";
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

export interface ReviewCheckInput {
  text: string;
  language: Locale;
  /** Research's sources: a citation counts only when its source was fetched, pasted or found (verified). */
  sources: CitableSource[];
  outlineTitles: string[];
  /** The draft's target length; a variant passes its platform's limit as `maxLength` instead. */
  targetLength?: number;
  /** A platform variant: the length passes when within this limit (the platform's), not near a target. */
  maxLength?: number;
  bannedTerms: string[];
  /** Citations in the text this one was made from (a variant's article): losing all of them fails. */
  baselineCitations?: number;
}

/** Citations: every [n] resolves to a verified source, and a text that had citations has not lost them all. */
function citationCheck({ text, sources, baselineCitations }: Pick<ReviewCheckInput, "text" | "sources" | "baselineCitations">) {
  const cited = citedNumbers(text);
  const byNumber = new Map(sources.map((s) => [s.number, s]));
  const unresolved = [...new Set(cited.filter((n) => !byNumber.has(n)))];
  const unverified = [
    ...new Set(
      cited.filter((n) => {
        const source = byNumber.get(n);
        return source !== undefined && !isVerifiedSource(source);
      }),
    ),
  ];
  const verifiedCount = sources.filter(isVerifiedSource).length;
  // Never silent when every [n] is gone: against the text it came from, or else against the gathered sources.
  const lost = cited.length === 0 && baselineCitations ? baselineCitations : 0;
  const uncited = cited.length === 0 && baselineCitations === undefined ? verifiedCount : 0;
  const passed = unresolved.length === 0 && unverified.length === 0 && lost === 0 && uncited === 0;
  return { id: "citations" as const, passed, details: { cited: cited.length, unresolved, unverified, lost, uncited } };
}

export function computeReviewChecks({
  text,
  language,
  sources,
  outlineTitles,
  targetLength,
  maxLength,
  bannedTerms,
  baselineCitations,
}: ReviewCheckInput): ComputedCheck[] {
  const missing = outlineTitles.filter((title) => !findSection(text, title));
  const length = countLength(text, language);
  const lowerText = text.toLowerCase();
  const found = bannedTerms.filter((term) => term && lowerText.includes(term.toLowerCase()));
  const read = readability(text, language);
  const checks: Omit<ComputedCheck, "message">[] = [
    citationCheck({ text, sources, baselineCitations }),
    { id: "outline", passed: missing.length === 0, details: { missing, total: outlineTitles.length } },
    { id: "banned-terms", passed: found.length === 0, details: { found } },
    { id: "readability", passed: language === "zh" ? read.score <= 45 : read.score >= 30, details: read },
  ];
  if (maxLength) {
    checks.splice(2, 0, { id: "length", passed: length <= maxLength, details: { length, max: maxLength, language } });
  } else if (targetLength) {
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
