// The editor's Markdown bridge: the article is stored as Markdown, edited as a Tiptap document.
// `@tiptap/markdown` parses and serializes; this module pins down what a writer expects from a round trip:
// - `[1]` citations stay `[1]` (the stock serializer writes `\[1\]`), `&` and `<` are not turned into entities,
//   and only characters that would change the meaning are backslash-escaped;
// - what the schema has no node for (tables, HTML blocks, link definitions) is kept verbatim in a raw block
//   instead of being dropped;
// - images survive, and a bare URL stays a bare URL instead of becoming `[url](url)`;
// - task lists (`- [ ]`, `- [x]`) are checkbox lists;
// - inline HTML is kept as written (shown as source).
// No React and no DOM here, so unit tests run it in Node.
import { type Extensions, type JSONContent, Extension, getSchema, Mark, Node, mergeAttributes } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import Paragraph from "@tiptap/extension-paragraph";
import StarterKit from "@tiptap/starter-kit";

/** Markdown kept as written: tables, HTML blocks, link reference definitions. Shown as editable source. */
export const RawMarkdown = Node.create({
  name: "rawMarkdown",
  group: "block",
  content: "text*",
  marks: "",
  code: true,
  defining: true,
  parseHTML: () => [{ tag: "pre[data-raw-markdown]", preserveWhitespace: "full" }],
  renderHTML: ({ HTMLAttributes }) => ["pre", mergeAttributes(HTMLAttributes, { "data-raw-markdown": "", class: "raw-markdown" }), 0],
  renderMarkdown: (node: JSONContent) => (node.content ?? []).map((child) => child.text ?? "").join(""),
});

// An inline HTML comment or tag, or an element with its closing tag and what lies between (`<sup>2</sup>`). Autolinks
// (`<https://…>`) and comparisons (`3 < 4`) do not match: a tag name is followed by a space, `/` or `>`.
const INLINE_HTML = /^(?:<!--[\s\S]*?-->|<([A-Za-z][\w-]*)(?:\s[^<>]*)?>(?:(?!<\/?\1\b)[\s\S])*?<\/\1\s*>|<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>)/;

/**
 * Inline HTML (`<sup>2</sup>`, `<br>`) as written: source text under a code-like mark, so it is neither
 * escaped nor reinterpreted (the stock parser turns it into schema content, dropping unknown tags). Its own
 * Markdown tokenizer takes the HTML before marked's, so the stock handling never sees it.
 */
export const RawInlineHtml = Mark.create({
  name: "rawHtml",
  code: true,
  inclusive: false,
  excludes: "_",
  parseHTML: () => [{ tag: "code[data-raw-html]" }],
  renderHTML: ({ HTMLAttributes }) => ["code", mergeAttributes(HTMLAttributes, { "data-raw-html": "", class: "raw-html" }), 0],
  markdownTokenName: "rawInlineHtml",
  markdownTokenizer: {
    name: "rawInlineHtml",
    level: "inline",
    start: (src: string) => src.search(/<[!/A-Za-z]/),
    tokenize: (src: string) => {
      const match = INLINE_HTML.exec(src);
      return match ? { type: "rawInlineHtml", raw: match[0], text: match[0] } : undefined;
    },
  },
  parseMarkdown: (token) => ({ type: "text", text: String(token.raw ?? ""), marks: [{ type: "rawHtml" }] }),
  renderMarkdown: (node: JSONContent, helpers) => helpers.renderChildren(node),
});

/**
 * Text this module has escaped itself (see `escapeInline`): a code-like mark, so the stock serializer does not
 * escape it again, and it writes nothing of its own. Added to a copy of the document just before serializing.
 */
const EscapedText = Mark.create({
  name: "escapedText",
  code: true,
  renderMarkdown: (node: JSONContent, helpers) => helpers.renderChildren(node),
});

const rawTokenHandler = (tokenName: string) =>
  Extension.create({
    name: `rawMarkdown_${tokenName}`,
    markdownTokenName: tokenName,
    parseMarkdown: (token, helpers) => {
      const raw = String(token.raw ?? "").replace(/\s+$/, "");
      if (!raw) return [];
      return helpers.createNode("rawMarkdown", {}, [helpers.createTextNode(raw)]);
    },
  });

/** A Markdown image `![alt](src "title")`, inline. */
export const MarkdownImage = Node.create({
  name: "image",
  inline: true,
  group: "inline",
  atom: true,
  draggable: true,
  addAttributes: () => ({ src: { default: null }, alt: { default: null }, title: { default: null } }),
  parseHTML: () => [{ tag: "img[src]" }],
  renderHTML: ({ HTMLAttributes }) => ["img", mergeAttributes(HTMLAttributes, { class: "inline-block max-h-80" })],
  markdownTokenName: "image",
  parseMarkdown: (token, helpers) => helpers.createNode("image", { src: token.href ?? null, alt: token.text ?? null, title: token.title ?? null }),
  renderMarkdown: (node: JSONContent) => {
    const { src = "", alt = "", title = null } = (node.attrs ?? {}) as { src?: string; alt?: string; title?: string | null };
    return `![${(alt ?? "").replace(/([[\]\\])/g, "\\$1")}](${src}${title ? ` "${title.replace(/"/g, '\\"')}"` : ""})`;
  },
});

/** Paragraphs whose lines would reparse as another block (`# x`, `- x`, `1. x`) keep them escaped. */
const EscapingParagraph = Paragraph.extend({
  renderMarkdown(node, helpers, ctx) {
    const rendered = this.parent?.(node, helpers, ctx) ?? "";
    return escapeLineStarts(rendered);
  },
});

/** The document schema shared by the editor and the serializer (`taskLabel`: a checklist box's accessible name). */
export function markdownExtensions({ taskLabel }: { taskLabel?: (text: string) => string } = {}): Extensions {
  return [
    EscapingParagraph,
    StarterKit.configure({
      paragraph: false,
      link: { openOnClick: false, autolink: true, linkOnPaste: true, HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null } },
      underline: false,
    }),
    TaskList,
    TaskItem.configure({ nested: true, ...(taskLabel ? { a11y: { checkboxLabel: (node) => taskLabel(node.textContent) } } : {}) }),
    MarkdownImage,
    RawMarkdown,
    RawInlineHtml,
    EscapedText,
    rawTokenHandler("table"),
    rawTokenHandler("html"),
    rawTokenHandler("def"),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Escaping

const CITATION = /^\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]/;

/** Backslash-escapes only what would otherwise be read as Markdown syntax inside running text. */
export function escapeInline(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const prev = text[i - 1] ?? "";
    const next = text[i + 1] ?? "";
    const alnum = (ch: string) => /[\p{L}\p{N}]/u.test(ch);
    switch (c) {
      case "\\":
        out += /[!-/:-@[-`{-~]/.test(next) ? "\\\\" : c;
        break;
      case "`":
        out += "\\`";
        break;
      case "*":
        out += /\s/.test(prev || " ") && /\s/.test(next || " ") ? c : "\\*";
        break;
      case "_":
        out += alnum(prev) && alnum(next) ? c : "\\_";
        break;
      case "~":
        out += "\\~";
        break;
      case "[": {
        const citation = CITATION.exec(text.slice(i));
        if (citation && !/^[([:]/.test(text[i + citation[0].length] ?? "")) {
          out += citation[0];
          i += citation[0].length - 1;
        } else {
          out += "\\[";
        }
        break;
      }
      case "]":
        out += "\\]";
        break;
      case "<":
        out += /[A-Za-z/!?]/.test(next) ? "\\<" : c;
        break;
      case "&":
        out += /^&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(text.slice(i)) ? "\\&" : c;
        break;
      case "!":
        // "![" would start an image once the bracket is read as a link.
        out += next === "[" && !CITATION.test(text.slice(i + 1)) ? "\\!" : c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** A paragraph line that starts like a block (`# `, `- `, `1. `, `> `, a fence or a rule) gets its marker escaped. */
function escapeLineStarts(block: string): string {
  return block
    .split("\n")
    .map((line) =>
      line.replace(/^(\s{0,3})(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|`{3,}|~{3,}|={3,}\s*$|-{3,}\s*$)/, "$1\\$2").replace(/^(\s{0,3}\d{1,9})([.)])(?=\s|$)/, "$1\\$2"),
    )
    .join("\n");
}

const BARE_URL = /^(?:https?:\/\/|mailto:)[A-Za-z0-9\-./?=&%#:+,;@!$]*[A-Za-z0-9/#=&%+-]$/;
const unescapeMarkdown = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/** `[https://x.y](https://x.y)` (what an autolinked URL serializes to) back to the bare URL, or `<url>`. */
function restoreAutolinks(markdown: string): string {
  return markdown.replace(/\[((?:https?:\/\/|mailto:)[^\]\s]*)\]\(([^)\s]+)\)/g, (whole, text: string, href: string) => {
    if (unescapeMarkdown(text) !== href) return whole;
    return BARE_URL.test(href) ? href : `<${href}>`;
  });
}

/** A MarkdownManager for the article's schema, with this module's escaping (see `serializeMarkdown`). */
export function createMarkdownManager(extensions: Extensions = markdownExtensions()): MarkdownManager {
  return new MarkdownManager({ extensions, indentation: { style: "space", size: 2 } });
}

const SCHEMA = getSchema(markdownExtensions());
/** Node and mark types whose text is written as is (code blocks, code, raw Markdown and HTML). */
const CODE_TYPES = new Set([...Object.values(SCHEMA.nodes), ...Object.values(SCHEMA.marks)].filter((type) => type.spec.code).map((type) => type.name));
const INLINE_TYPES = new Set(
  Object.values(SCHEMA.nodes)
    .filter((type) => type.isInline)
    .map((type) => type.name),
);

/**
 * The document with every running text escaped by `escapeInline`: the stock serializer entity-encodes `&` and
 * `<` and escapes every bracket, which would turn `[1]` into `\[1\]`. Every inline node gets the escapedText
 * mark (code-like, so the stock escaping skips it; writing nothing itself): one mark over the whole run of a
 * paragraph never opens or closes between two others, so it cannot change how their delimiters nest.
 */
function escapeText(node: JSONContent): JSONContent {
  if (node.type && CODE_TYPES.has(node.type)) return node;
  if (node.type && INLINE_TYPES.has(node.type)) {
    const marks = [...(node.marks ?? []), { type: EscapedText.name }];
    const verbatim = node.type !== "text" || (node.marks ?? []).some((mark) => CODE_TYPES.has(mark.type));
    return { ...node, marks, ...(verbatim ? {} : { text: escapeInline(node.text ?? "") }) };
  }
  return node.content ? { ...node, content: node.content.map(escapeText) } : node;
}

/** Serializes a document to the Markdown stored for the article. */
export function serializeMarkdown(manager: MarkdownManager, doc: JSONContent): string {
  return restoreAutolinks(manager.serialize(escapeText(doc))).replace(/\n+$/, "");
}

export function parseMarkdown(manager: MarkdownManager, markdown: string): JSONContent {
  const doc = manager.parse(markdown ?? "");
  return doc.content && doc.content.length > 0 ? doc : { type: "doc", content: [{ type: "paragraph" }] };
}
