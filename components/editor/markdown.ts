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
import { type AnyExtension, type Extensions, type JSONContent, Extension, Mark, Node, mergeAttributes } from "@tiptap/core";
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

/**
 * Inline HTML (`<sup>2</sup>`, `<br>`) as written: source text under a code-like mark, so it is neither
 * escaped nor reinterpreted (the stock parser turns it into schema content, dropping unknown tags).
 */
export const RawInlineHtml = Mark.create({
  name: "rawHtml",
  code: true,
  inclusive: false,
  excludes: "_",
  parseHTML: () => [{ tag: "code[data-raw-html]" }],
  renderHTML: ({ HTMLAttributes }) => ["code", mergeAttributes(HTMLAttributes, { "data-raw-html": "", class: "raw-html" }), 0],
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
      line
        .replace(/^(\s{0,3})(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|`{3,}|~{3,}|={3,}\s*$|-{3,}\s*$)/, "$1\\$2")
        .replace(/^(\s{0,3}\d{1,9})([.)])(?=\s|$)/, "$1\\$2"),
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

type ManagerInternals = {
  codeTypes: Set<string>;
  encodeTextForMarkdown: (text: string, node: JSONContent, parent?: JSONContent) => string;
  parseHTMLToken: (token: { type: string; raw?: string; text?: string; block?: boolean }) => JSONContent | JSONContent[] | null;
};

/** A MarkdownManager with this module's escaping (the stock one entity-encodes and escapes every bracket). */
export function createMarkdownManager(extensions: AnyExtension[] | Extensions = markdownExtensions()): MarkdownManager {
  const manager = new MarkdownManager({ extensions: extensions as AnyExtension[], indentation: { style: "space", size: 2 } });
  const internals = manager as unknown as ManagerInternals;
  internals.encodeTextForMarkdown = (text, node, parent) => {
    const inCode =
      (parent?.type != null && internals.codeTypes.has(parent.type)) ||
      (node.marks ?? []).some((m) => internals.codeTypes.has(typeof m === "string" ? m : m.type));
    return inCode ? text : escapeInline(text);
  };
  const parseHtml = internals.parseHTMLToken.bind(manager);
  internals.parseHTMLToken = (token) => {
    const raw = String(token.raw ?? token.text ?? "");
    if (token.block || !raw) return parseHtml(token);
    return { type: "text", text: raw, marks: [{ type: "rawHtml" }] };
  };
  return manager;
}

/** Serializes a document to the Markdown stored for the article. */
export function serializeMarkdown(manager: MarkdownManager, doc: JSONContent): string {
  return restoreAutolinks(manager.serialize(doc)).replace(/\n+$/, "");
}

export function parseMarkdown(manager: MarkdownManager, markdown: string): JSONContent {
  const doc = manager.parse(markdown ?? "");
  return doc.content && doc.content.length > 0 ? doc : { type: "doc", content: [{ type: "paragraph" }] };
}

