// Instructions and prompts for each stage's agent.
import { feedbackLine, languageLine, lengthLine, outlineBlock, type SourceRef, sourcesBlock } from "@/lib/ai/prompts/common";
import { countLength } from "@/lib/genflow/checks/length";
import type { Locale } from "@/lib/genflow/stages";

export const INSTRUCTIONS = {
  topic: "You are an editor who finds timely, specific article topics with a clear angle. Avoid generic listicles.",
  research:
    "You are a meticulous researcher. Summarize what the sources say, link every key point to the numbers of the sources that support it, and propose an outline that a writer can follow.",
  writing:
    "You are a skilled writer. Write in Markdown, one `## ` heading per outline section in the given order, and cite sources as [n] right after the claim they support. Never invent source numbers.",
  styling: "You are a style editor. Rewrite the article in the requested style and for the requested platform, keeping every fact and citation.",
  review: "You are a demanding copy editor and fact checker. Report concrete issues with an exact excerpt from the text and a suggestion.",
  capabilities: "You help a writer with short, precise edits. Answer with the requested text only.",
} as const;

export function topicPrompt(p: { category: string; count: number; audience?: string; keywords?: string[]; language: Locale; feedback?: string }) {
  return [
    `Propose article topics in the category: ${p.category}.`,
    `Topic: ${p.category}`,
    `count: ${p.count}`,
    p.audience ? `Audience: ${p.audience}` : "",
    p.keywords?.length ? `Keywords: ${p.keywords.join(", ")}` : "",
    languageLine(p.language),
    "For each topic give a title, the angle, why now, keywords and the expected interest (low, medium or high).",
    feedbackLine(p.feedback),
  ]
    .filter(Boolean)
    .join("\n");
}

export function researchPrompt(p: { topic: string; angle?: string; depth: string; sources: SourceRef[]; language: Locale; feedback?: string }) {
  return [
    `Research the topic: ${p.topic}`,
    `Topic: ${p.topic}`,
    p.angle ? `Angle: ${p.angle}` : "",
    `Depth: ${p.depth}`,
    languageLine(p.language),
    sourcesBlock(p.sources),
    p.sources.length === 0
      ? "No sources were given: suggest up to 5 reputable sources (title, url, excerpt) and number them from 1."
      : "Use sourceNumbers from the list above; suggestedSources may stay empty.",
    "Give a summary, key points (each with the numbers of its supporting sources) and an outline of 3 to 7 sections with points.",
    feedbackLine(p.feedback),
  ]
    .filter(Boolean)
    .join("\n");
}

export function draftPrompt(p: {
  title: string;
  outline: { title: string; points: string[] }[];
  sources: SourceRef[];
  target: number;
  tone?: string;
  language: Locale;
  feedback?: string;
  /** The sections already written (a resumed run): the model writes only the outline's remaining ones. */
  continueAfter?: string;
}) {
  return [
    `Write the article: ${p.title}`,
    p.continueAfter ? "The article's first sections are already written (below). Write only the sections of this outline, continuing the same text." : "",
    `Topic: ${p.title}`,
    languageLine(p.language),
    lengthLine(p.language, p.target),
    p.tone ? `Tone: ${p.tone}` : "",
    "Outline:",
    outlineBlock(p.outline),
    sourcesBlock(p.sources),
    feedbackLine(p.feedback),
    // Quoted, so that its headings read as context, not as more outline to write.
    p.continueAfter ? `Already written (quoted):\n${p.continueAfter.replace(/^/gm, "> ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

export function revisePrompt(p: { text: string; instruction: string; language: Locale; sources: SourceRef[]; scope: string }) {
  return [
    `Revise ${p.scope} following the instruction: ${p.instruction}`,
    languageLine(p.language),
    lengthLine(p.language, countLength(p.text, p.language)),
    sourcesBlock(p.sources),
    "Return the full revised Markdown only, keeping the headings.",
    "Text:",
    p.text,
  ].join("\n");
}

export function stylePrompt(p: { text: string; preset: string; platform: string; rules: string; language: Locale; target: number }) {
  return [
    `Rewrite in the ${p.preset} style for ${p.platform}.`,
    `Platform rules: ${p.rules}`,
    languageLine(p.language),
    lengthLine(p.language, p.target),
    "Keep the `## ` headings unless the platform rules say otherwise, and keep every [n] citation.",
    "Article:",
    p.text,
  ].join("\n");
}

export function reviewPrompt(p: { text: string; language: Locale; sources: SourceRef[]; bannedTerms: string[] }) {
  return [
    "Review this article. Types: grammar, clarity, fact, citation, style, seo, length. Severity: low, medium, high.",
    languageLine(p.language),
    p.bannedTerms.length ? `Banned terms: ${p.bannedTerms.join(", ")}` : "",
    sourcesBlock(p.sources),
    "Give a score from 0 to 100, a summary, and the issues with an exact excerpt from the text.",
    "Article:",
    p.text,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * One review fix: the model rewrites only the flagged passage, which is spliced back into the text. The
 * paragraph around it is quoted as context (so its headings are not read as text to write).
 */
export function fixPassagePrompt(p: { passage: string; suggestion: string; context: string; language: Locale }) {
  return [
    "Rewrite only the passage below so that it follows the suggestion. Answer with the rewritten passage only: no quotes, no comments.",
    "Keep its meaning, its Markdown and every [n] citation it has; do not add headings.",
    languageLine(p.language),
    lengthLine(p.language, Math.max(1, countLength(p.passage, p.language))),
    `Suggestion: ${p.suggestion}`,
    `Context (quoted, do not rewrite):\n${p.context.replace(/^/gm, "> ")}`,
    "Passage:",
    p.passage,
  ].join("\n");
}

/** Tokens a text of `length` (words, or characters for Chinese) takes, roughly: for budget checks. */
export function tokensForLength(length: number, language: Locale): number {
  return Math.ceil(length * (language === "zh" ? 1.1 : 1.4));
}
