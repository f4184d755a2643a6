// Turning fetched bytes into readable text: charset detection and decoding, HTML to text, titles, excerpts.
// Shared by fetchSource (writer URLs) and the research agent (pasted HTML).
import { convert, type HtmlToTextOptions } from "html-to-text";
import { Parser } from "htmlparser2";
import { MIMEType } from "node:util";

const EXCERPT_CHARS = 400;

// -------------------------------------------------------------------------------------- decoding and text

export function parseContentType(header: string | undefined): { essence: string; charset?: string } | null {
  if (!header) return null;
  try {
    const mime = new MIMEType(header);
    return { essence: mime.essence, charset: mime.params.get("charset") ?? undefined };
  } catch {
    return null;
  }
}

/** <meta charset> / <meta http-equiv=content-type> within the first 1024 bytes (HTML prescan, simplified). */
export function sniffHtmlCharset(body: Buffer): string | undefined {
  let found: string | undefined;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (found || name !== "meta") return;
      if (attrs.charset) found = attrs.charset.trim();
      else if (attrs["http-equiv"]?.toLowerCase() === "content-type" && attrs.content) {
        found = parseContentType(attrs.content)?.charset;
      }
    },
  });
  parser.end(body.subarray(0, 1024).toString("latin1"));
  return found;
}

export function decode(body: Buffer, charset: string | undefined): string {
  // A byte-order mark wins over any declared charset.
  let label = charset;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) label = "utf-8";
  else if (body[0] === 0xfe && body[1] === 0xff) label = "utf-16be";
  else if (body[0] === 0xff && body[1] === 0xfe) label = "utf-16le";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8"); // unknown label
  }
  return decoder.decode(body);
}

const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } }));
const SKIPPED = [
  "head",
  "title",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "img",
  "picture",
  "video",
  "audio",
  "nav",
  "footer",
  "aside",
  "form",
  "button",
  "select",
  "dialog",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[aria-hidden=true]",
  "[hidden]",
].map((selector) => ({ selector, format: "skip" }));
const H2T_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    ...SKIPPED,
    ...HEADINGS,
    { selector: "a", options: { ignoreHref: true } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
  limits: { maxInputLength: 5_000_000 },
};
// Main-content containers tried first; the whole page is used when none yields enough text.
const MAIN_SELECTORS = ["main", "[role=main]", "article"];
const MIN_MAIN_CHARS = 200;

/** Readable text from HTML (also for HTML a writer pasted): title from <title>, og:title or the first <h1>. */
export function extractText({ html, url }: { html: string; url?: string }): { title: string; text: string } {
  let text = "";
  for (const selector of MAIN_SELECTORS) {
    const candidate = tidy(convert(html, { ...H2T_OPTIONS, baseElements: { selectors: [selector], returnDomByDefault: false } }));
    if (candidate.length >= MIN_MAIN_CHARS) {
      text = candidate;
      break;
    }
  }
  if (!text) text = tidy(convert(html, H2T_OPTIONS));
  return { title: findTitle(html) || fallbackTitle(url), text };
}

function findTitle(html: string): string {
  let title = "";
  let ogTitle = "";
  let h1 = "";
  let inTitle = false;
  let inH1 = false;
  let doneH1 = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "title" && !title) inTitle = true;
        else if (name === "h1" && !doneH1) inH1 = true;
        else if (name === "meta" && !ogTitle) {
          const key = (attrs.property ?? attrs.name ?? "").toLowerCase();
          if (key === "og:title" && attrs.content) ogTitle = attrs.content;
        }
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (inH1) h1 += data;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (name === "h1" && inH1) {
          inH1 = false;
          doneH1 = true;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  for (const candidate of [title, ogTitle, h1]) {
    const clean = collapse(candidate);
    if (clean) return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
  }
  return "";
}

export function fallbackTitle(url: string | URL | undefined): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    const last = parsed.pathname.split("/").filter(Boolean).pop();
    if (last) {
      try {
        return decodeURIComponent(last);
      } catch {
        return last;
      }
    }
    return parsed.hostname;
  } catch {
    return "";
  }
}

export function plainText(decoded: string, url: URL): { title: string; text: string } {
  return { title: fallbackTitle(url), text: tidy(decoded) };
}

/** Collapses runs of spaces inside lines, trims lines, keeps at most one blank line between paragraphs. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => collapse(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function collapse(s: string): string {
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}

export function makeExcerpt(text: string): string {
  const flat = collapse(text);
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > EXCERPT_CHARS * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
