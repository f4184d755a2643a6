// An article as a document: Markdown with its references, and sanitized HTML. Pure (no database), so the export
// action and the page render it without importing the article store and its event log.
import "server-only";
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { documentMarkdown } from "@/lib/genflow/checks/citations";
import { readStageData } from "@/lib/genflow/stage-data";
import type { Locale } from "@/lib/genflow/stages";

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(["img", "h1", "h2", "del", "sup", "sub", "input"]),
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    img: ["src", "alt", "title"],
    a: ["href", "title", "id"],
    sup: ["id"],
    input: ["type", "checked", "disabled"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  // The only input Markdown makes is a task list's checkbox: shown, never a form control.
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  transformTags: { input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: "" } }) },
};

export function renderMarkdownToHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }), SANITIZE_OPTIONS);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A Markdown document as a standalone, sanitized HTML page. */
export function renderHtmlDocument({ title, language, markdown }: { title: string; language: string; markdown: string }): string {
  return `<!doctype html>\n<html lang="${escapeHtml(language)}">\n<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${renderMarkdownToHtml(markdown)}</body>\n</html>\n`;
}

/** The article as Markdown (title, text, then the references it cites), as `export_article` and the export route write it. */
export function articleMarkdown(article: { title: string; content: string; language: Locale; stageData: unknown }): string {
  const sources = readStageData(article.stageData).research?.sources ?? [];
  return documentMarkdown({ title: article.title, content: article.content, sources, language: article.language });
}
