import { describe, expect, it } from "vitest";
import { createMarkdownManager, escapeInline, parseMarkdown, serializeMarkdown } from "@/components/editor/markdown";

const manager = createMarkdownManager();
const roundTrip = (markdown: string) => serializeMarkdown(manager, parseMarkdown(manager, markdown));

describe("editor Markdown bridge", () => {
  it.each([
    ["headings", "# Title\n\n## Why roofs\n\n### Detail"],
    ["paragraphs with marks", "Rooftop farms **cool** buildings and *feed* neighbourhoods, with `code`."],
    ["bullet and nested lists", "- one\n- two\n  - nested\n- three"],
    ["ordered lists", "1. first\n2. second\n3. third"],
    ["links", "Read [the report](https://example.com/report) first."],
    ["bare URLs", "See https://example.com/b. And <https://example.com/a_b>."],
    ["[n] citations", "Roofs cool buildings [1]. Farms feed people [2, 3]. Range [4-6]."],
    ["Chinese citations", "屋顶农场让建筑降温[1]。它们也养活社区[2]。"],
    ["blockquote and code block", "> A quote\n\n```js\nconst x = [1];\n```"],
    ["hard break", "Line one  \nline two"],
    ["horizontal rule", "Before\n\n---\n\nAfter"],
    ["escaped block markers", "\\# not a heading\n\n1\\. not a list"],
    ["literal brackets and stars", "Literal \\[sic\\] and \\*stars\\* and 2 * 3 and snake_case"],
    ["ampersands and angle brackets", "Salt & pepper, 3 < 4 > 2"],
    ["task lists, nested, checked and not", "Before.\n\n- [ ] write the intro\n- [x] find sources\n  - [ ] ask the city\n\nAfter."],
    ["inline HTML kept as written", 'E = mc<sup>2</sup> [1], a <span class="x">span</span> and a<br>break; 3 < 4 stays text.'],
    [
      "inline HTML beside code spans, comments and marks",
      "A `<b>` code span, <b>a *tag*</b>, a <!-- note --> and **bold <sup>2</sup>** with <kbd>Ctrl</kbd>+<kbd>C</kbd>.",
    ],
    [
      "marks beside breaks, links, images and citations",
      "**a**  \n**b** and [see **this**](https://x.y) *it* ![i](https://x/i.png) end [2]. **[1]** and *[2]*",
    ],
    ["tables kept verbatim", "| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table."],
    ["HTML blocks kept verbatim", "<div>\nhi\n</div>\n\nAfter."],
    ["images", '![A roof](https://example.com/roof.png "Roof")'],
  ])("round-trips %s", (_name, markdown) => {
    expect(roundTrip(markdown)).toBe(markdown);
  });

  it("keeps a generated draft with sections, citations and a source list unchanged", () => {
    const draft = [
      "## Why roofs",
      "",
      "Rooftop farms cool buildings in summer [1]. They also capture rain water [2].",
      "",
      "## What grows",
      "",
      "Leafy greens grow best; tomatoes need deeper soil [1].",
      "",
      "## Sources",
      "",
      "1. Notes — https://example.com/notes",
      "2. City report — [PDF](https://example.com/report.pdf)",
    ].join("\n");
    expect(roundTrip(draft)).toBe(draft);
  });

  it("parses citations as plain text, not links", () => {
    const doc = parseMarkdown(manager, "Claim [1].");
    expect(JSON.stringify(doc)).not.toContain('"link"');
    expect(JSON.stringify(doc)).toContain("Claim [1].");
  });

  it("an empty article is one empty paragraph and serializes to nothing", () => {
    const doc = parseMarkdown(manager, "");
    expect(doc.content?.[0]?.type).toBe("paragraph");
    expect(roundTrip("")).toBe("");
  });

  it("escapes only what would change the meaning", () => {
    expect(escapeInline("[1] and [2, 3]")).toBe("[1] and [2, 3]");
    expect(escapeInline("[text](url)")).toBe("\\[text\\](url)");
    expect(escapeInline("[1](x)")).toBe("\\[1\\](x)");
    expect(escapeInline("a_b _c_ *d*")).toBe("a_b \\_c\\_ \\*d\\*");
    expect(escapeInline("<div> & &amp;")).toBe("\\<div> & \\&amp;");
  });
});
