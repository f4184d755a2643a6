// Citations in a text ([n] markers) and the references list an export ends with. Pure and client-safe: the
// review checks, the export and the editor's live checks all read citations the same way.
import type { Locale } from "@/lib/genflow/stages";

/** A source as research stores it (only what citations need). */
export interface CitableSource {
  number: number;
  title: string;
  url?: string;
  origin?: string;
  verified?: boolean;
}

const CITATION = /\[(\d+)\]/g;

/** Every [n] in the text, in order, repeats included. */
export function citedNumbers(text: string): number[] {
  return [...text.matchAll(CITATION)].map((m) => Number(m[1]));
}

/**
 * Whether a source was really fetched, pasted or found by search (not a model's suggestion): only those may
 * back a citation. A source stored before the flag existed counts unless the model suggested it.
 */
export function isVerifiedSource(source: Pick<CitableSource, "verified" | "origin">): boolean {
  return source.verified ?? source.origin !== "model";
}

const HEADING: Record<Locale, string> = { en: "References", zh: "参考资料" };

/**
 * The references list of the cited sources (by number, each once), as Markdown; empty when nothing cited
 * resolves to a source. A model's unverified suggestion is listed too, marked, so a reader can tell.
 */
export function referencesMarkdown({ text, sources, language }: { text: string; sources: CitableSource[]; language: Locale }): string {
  const cited = new Set(citedNumbers(text));
  const listed = sources.filter((s) => cited.has(s.number)).sort((a, b) => a.number - b.number);
  if (listed.length === 0) return "";
  const unverified = language === "zh" ? "（未核实）" : " (unverified)";
  const lines = listed.map((s) => {
    const title = s.title.replace(/[[\]]/g, "\\$&");
    return `[${s.number}] ${s.url ? `[${title}](${s.url})` : title}${isVerifiedSource(s) ? "" : unverified}`;
  });
  return `## ${HEADING[language]}\n\n${lines.join("\n\n")}`;
}

/** An article (or variant) as a Markdown document: its title, its text, then its references. */
export function documentMarkdown({
  title,
  content,
  sources,
  language,
}: {
  title: string;
  content: string;
  sources: CitableSource[];
  language: Locale;
}): string {
  const references = referencesMarkdown({ text: content, sources, language });
  return `${[`# ${title}`, content.trimEnd(), references].filter(Boolean).join("\n\n").trimEnd()}\n`;
}
