import { getSchema } from "@tiptap/core";
import { Node } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { createMarkdownManager, markdownExtensions, parseMarkdown } from "@/components/editor/markdown";
import { plainTextWithPositions } from "@/components/editor/plugins";

const schema = getSchema(markdownExtensions());
const manager = createMarkdownManager();
const docOf = (markdown: string) => Node.fromJSON(schema, parseMarkdown(manager, markdown));

describe("plain text of the document, with positions (grammar check)", () => {
  const doc = docOf("## Why roofs\n\nRoofs **cool** buildings [1].\n\n- one item\n- two items");
  const { text, toPos } = plainTextWithPositions(doc);

  it("joins blocks with a blank line and keeps inline text whole", () => {
    expect(text).toBe("Why roofs\n\nRoofs cool buildings [1].\n\none item\n\ntwo items");
  });

  it.each(["Why roofs", "cool buildings", "[1]", "two items", "Roofs cool"])("maps the excerpt %j back to the same text in the document", (excerpt) => {
    const start = text.indexOf(excerpt);
    const from = toPos(start);
    const to = toPos(start + excerpt.length);
    expect(from).not.toBeNull();
    expect(to).not.toBeNull();
    expect(doc.textBetween(from as number, to as number)).toBe(excerpt);
  });

  it("an offset in the blank line between blocks maps to nothing", () => {
    expect(toPos(text.indexOf("\n\n") + 1)).toBeNull();
  });
});
