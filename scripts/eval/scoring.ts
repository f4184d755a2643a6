// Scores of one article against its brief, computed without a model. Length, readability, sections and banned
// terms are measured with the review stage's own code (lib/genflow/checks/), so the
// eval and the review's checks never disagree about what a word, a section or a readability figure is.
import { countLength } from "@/lib/genflow/checks/length";
import { PLATFORM_RULES } from "@/lib/ai/platforms";
import { findSection } from "@/lib/genflow/markdown-sections";
import { readability } from "@/lib/genflow/checks/review-checks";
import type { Brief } from "./briefs";

export interface Citation {
  /** The [n] of the marker. */
  number: number;
  /** The sentence that carries the marker, without its markers. */
  sentence: string;
}

/** A research source as the session's stageData.research.sources holds it. */
export interface ResearchSource {
  number: number;
  title: string;
  origin?: string;
}

export interface ArticleScore {
  citations: number;
  /** Share of citations whose [n] is one of the sources the brief supplied (null: no citations). */
  resolvedShare: number | null;
  outline: { covered: number; total: number; share: number | null };
  length: number;
  /** (length − target) ÷ target. */
  lengthError: number;
  /** (length − platform maximum) ÷ platform maximum; null when the platform sets none. */
  platformLengthError: number | null;
  bannedFound: string[];
  /** Flesch reading ease (en, higher is easier) or characters per sentence (zh, lower is easier). */
  readability: number;
}

// A line that is a reference-list entry ("[1] Title", "- [2] Title") lists a source; it cites nothing.
const REFERENCE_LINE = /^\s*(?:[-*]\s*)?\[\d+\][\s:：.]/;
const MARKER = /\[(\d+)\]/g;

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Every [n] marker in the article's prose, each with its sentence (headings and reference lists left out). */
export function extractCitations(markdown: string): Citation[] {
  const citations: Citation[] = [];
  for (const line of markdown.split("\n")) {
    if (/^\s*#/.test(line) || REFERENCE_LINE.test(line)) continue;
    // The markers come out first (a sentence segmenter would split "[2]" itself), each remembered by where it
    // stood in the stripped line; a marker right after a full stop ("… fell.[2]") belongs to the sentence it ends.
    const markers: { number: number; at: number }[] = [];
    let stripped = "";
    let last = 0;
    for (const m of line.matchAll(MARKER)) {
      stripped += line.slice(last, m.index);
      markers.push({ number: Number(m[1]), at: stripped.length });
      last = m.index + m[0].length;
    }
    if (markers.length === 0) continue;
    stripped += line.slice(last);
    const segments = [...sentenceSegmenter.segment(stripped)].map((s) => ({ start: s.index, end: s.index + s.segment.length, text: s.segment }));
    for (const marker of markers) {
      const segment = segments.find((s) => s.start < marker.at && marker.at <= s.end) ?? segments[0];
      const sentence = (segment?.text ?? "")
        .replace(/\s+([.,;:!?])/g, "$1")
        .replace(/\s+/g, " ")
        .trim();
      citations.push({ number: marker.number, sentence });
    }
  }
  return citations;
}

/**
 * The brief's source a citation points at: research numbers the writer's pasted texts 1…n in the order sent,
 * so [n] resolves when research source n exists, came from the writer's text and carries that source's title.
 */
export function resolveCitation({
  number,
  researchSources,
  brief,
}: {
  number: number;
  researchSources: ResearchSource[];
  brief: Pick<Brief, "sources">;
}): Brief["sources"][number] | null {
  const source = researchSources.find((s) => s.number === number);
  const supplied = brief.sources[number - 1];
  if (!source || !supplied) return null;
  if (source.origin !== undefined && source.origin !== "writer-text") return null;
  return source.title.trim() === supplied.title.trim() ? supplied : null;
}

export function findBannedTerms(text: string, terms: string[]): string[] {
  const lower = text.toLowerCase();
  return terms.filter((term) => lower.includes(term.toLowerCase()));
}

export function scoreArticle({
  brief,
  text,
  outlineTitles,
  researchSources,
}: {
  brief: Brief;
  text: string;
  outlineTitles: string[];
  researchSources: ResearchSource[];
}): ArticleScore {
  const citations = extractCitations(text);
  const resolved = citations.filter((c) => resolveCitation({ number: c.number, researchSources, brief })).length;
  const covered = outlineTitles.filter((title) => findSection(text, title)).length;
  const length = countLength(text, brief.language);
  const platformMax = PLATFORM_RULES[brief.style.platform]?.maxLength[brief.language] ?? null;
  return {
    citations: citations.length,
    resolvedShare: citations.length ? resolved / citations.length : null,
    outline: { covered, total: outlineTitles.length, share: outlineTitles.length ? covered / outlineTitles.length : null },
    length,
    lengthError: (length - brief.targetLength) / brief.targetLength,
    platformLengthError: platformMax ? (length - platformMax) / platformMax : null,
    bannedFound: findBannedTerms(text, brief.bannedTerms),
    readability: readability(text, brief.language).score,
  };
}

/** Mean of the numbers present (null when none is). */
export function meanOf(values: (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}
