// Deterministic model output. The prompt is the only input (seeded by its hash), so the same
// request always yields the same answer — tests can assert on it and e2e snapshots stay stable.
//
// Marker lines the fake understands (each on its own line, anywhere in system or user messages):
//   Language: zh            → Chinese output (also chosen when Han characters dominate the prompt)
//   ## Heading              → outline: each heading is reproduced, followed by paragraphs
//   Target words: N         → English body length (see countWords for the exact definition)
//   Target characters: N    → Chinese body length in Han characters
//   [n] Source title …      → numbered sources; paragraphs cite them as [n]
//   text … [n].             → a citation in a text to rewrite: the rewrite cites [n] too
//   Count: N / <field> count: N → array lengths in structured output (see schema-fill.ts)
import { fillSchema, type JsonSchema } from "./schema-fill";
import {
  chineseSentence,
  countHan,
  createRng,
  detectLanguage,
  englishSentence,
  hashString,
  type Lang,
  type Rng,
  randInt,
  splitLengths,
  topicPhrases,
  topicWords,
} from "./text";

export interface PromptMarkers {
  lang: Lang;
  headings: string[];
  /** Body length in words (en) or Han characters (zh), when the prompt sets one. */
  target: number | undefined;
  sources: number[];
  /** `Count: N` (no field) → general; `<field> count: N` → by lower-cased field name. */
  counts: { general: number | undefined; byField: Record<string, number> };
}

export function parseMarkers(prompt: string): PromptMarkers {
  const lang = detectLanguage(prompt);
  const headings = [...prompt.matchAll(/^## +(.+?)\s*$/gm)].map((m) => m[1]);
  const num = (re: RegExp) => {
    const m = re.exec(prompt);
    return m ? Number.parseInt(m[1], 10) : undefined;
  };
  const words = num(/^\s*Target words:\s*(\d+)/im);
  const chars = num(/^\s*Target characters:\s*(\d+)/im);
  // zh counts characters; an English prompt that only gives characters gets ~6 characters per word.
  const target = lang === "zh" ? (chars ?? words) : (words ?? (chars ? Math.round(chars / 6) : undefined));
  // A source list's lines, and the citations of a text to rewrite (styling and fixes keep every [n] citation).
  const listed = [...prompt.matchAll(/^\s*\[(\d+)\]\s+\S/gm)].map((m) => Number(m[1]));
  const cited = [...prompt.matchAll(/\S\s?\[(\d+)\]/g)].map((m) => Number(m[1]));
  const sources = [...new Set([...listed, ...cited])];
  const counts: PromptMarkers["counts"] = { general: undefined, byField: {} };
  for (const m of prompt.matchAll(/(?:\b([A-Za-z_][\w-]*)[ \t]+)?\bcount\s*:\s*(\d+)/gi)) {
    const n = Number.parseInt(m[2], 10);
    if (m[1]) counts.byField[m[1].toLowerCase()] = n;
    else counts.general ??= n;
  }
  return { lang, headings, target, sources: sources.sort((a, b) => a - b), counts };
}

/**
 * The length measure the fake aims at: heading lines and `[n]` citations are excluded; English
 * counts whitespace-separated words, Chinese counts Han characters (punctuation excluded).
 */
export function countWords(text: string, lang: Lang): number {
  const body = text
    .split("\n")
    .filter((line) => !/^#{1,6} /.test(line))
    .join("\n")
    .replace(/\s*\[\d+\]/g, "");
  if (lang === "zh") return countHan(body);
  return body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Splits `total` into `parts` integers with ±15 % jitter that still sum to `total` exactly. */
function allocate(rng: Rng, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.85 + rng() * 0.3);
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((w / sum) * total));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i] += 1;
  return out;
}

const sectionWords = (heading: string | null, global: string[]) => {
  const own = heading ? (heading.match(/[A-Za-z][A-Za-z'-]{3,}/g) ?? []).map((w) => w.toLowerCase()) : [];
  return [...new Set([...own, ...global.slice(0, 8)])];
};

function citeSentence(sentence: string, n: number, lang: Lang): string {
  return lang === "zh" ? sentence.replace(/。$/, `[${n}]。`) : sentence.replace(/\.$/, ` [${n}].`);
}

export function generateProse(prompt: string): string {
  const rng = createRng(hashString(prompt));
  const markers = parseMarkers(prompt);
  const { lang, headings, sources } = markers;
  const zh = lang === "zh";
  const sections: (string | null)[] = headings.length > 0 ? headings : [null];
  const total = Math.max(sections.length, markers.target ?? (zh ? 220 : 130) * sections.length);
  const perSection = allocate(rng, total, sections.length);
  const enWords = zh ? [] : topicWords(prompt);
  const zhPhrases = zh ? topicPhrases(prompt) : [];
  const perParagraph = zh ? 120 : 70;
  const plan = perSection.map((n) => allocate(rng, n, Math.max(1, Math.round(n / perParagraph))));
  const paragraphCount = plan.reduce((a, p) => a + p.length, 0);
  const citesPerParagraph = sources.length === 0 ? 0 : Math.ceil(sources.length / paragraphCount);
  let nextSource = 0;

  const out: string[] = [];
  sections.forEach((heading, s) => {
    if (heading !== null) out.push(`## ${heading}`);
    const vocab = zh ? [...new Set([...(heading?.match(/\p{Script=Han}{2,8}/gu) ?? []), ...zhPhrases])] : sectionWords(heading, enWords);
    for (const size of plan[s]) {
      if (size === 0) continue;
      const lengths = zh ? splitLengths(rng, size, 14, 30) : splitLengths(rng, size, 8, 16);
      const sentences = lengths.map((len) => (zh ? chineseSentence(rng, len, vocab) : englishSentence(rng, len, vocab)));
      // Cite in distinct sentences, cycling through the sources so every [n] gets used.
      const cites = Math.min(citesPerParagraph, sentences.length);
      const start = randInt(rng, 0, sentences.length - 1);
      for (let c = 0; c < cites; c++) {
        const i = (start + c) % sentences.length;
        sentences[i] = citeSentence(sentences[i], sources[nextSource % sources.length], lang);
        nextSource += 1;
      }
      out.push(sentences.join(zh ? "" : " "));
    }
  });
  return out.join("\n\n");
}

/** The model's answer: schema-valid JSON when a JSON schema was requested, else Markdown prose. */
export function generateContent(prompt: string, schema: JsonSchema | undefined): string {
  if (!schema) return generateProse(prompt);
  const markers = parseMarkers(prompt);
  const value = fillSchema(schema, {
    rng: createRng(hashString(`${prompt}\u0000${JSON.stringify(schema)}`)),
    lang: markers.lang,
    words: markers.lang === "zh" ? topicPhrases(prompt) : topicWords(prompt),
    counts: markers.counts,
  });
  return JSON.stringify(value);
}
