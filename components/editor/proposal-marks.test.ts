import { getSchema } from "@tiptap/core";
import { Node } from "@tiptap/pm/model";
import type { Decoration } from "@tiptap/pm/view";
import { describe, expect, it } from "vitest";
import { createMarkdownManager, markdownExtensions, parseMarkdown } from "@/components/editor/markdown";
import { type ReviewChange, type ReviewHandlers, reviewDecorations } from "@/components/editor/proposal-marks";
import { plainOf, slide } from "@/components/editor/proposal-text";
import { addDelta } from "@/components/editor/use-draft-stream";
import { computeChanges } from "@/lib/genflow/merge";

const schema = getSchema(markdownExtensions());
const manager = createMarkdownManager();
const handlers: ReviewHandlers = {
  decide: () => {},
  render: () => {
    throw new Error("not rendered in a unit test");
  },
  labels: { accept: "", reject: "", acceptChange: "", rejectChange: "", conflict: "", ai: "" },
};

/** The decorations for the AI's `proposed` text over `current` (no writer edits since the base). */
function marks(current: string, proposed: string) {
  const doc = Node.fromJSON(schema, parseMarkdown(manager, current));
  const changes: ReviewChange[] = computeChanges({ base: current, current, proposed }).map((c) => ({ ...c, proposalId: "p1", key: c.id, decision: null }));
  const set = reviewDecorations({ doc, markdown: current, tokens: manager.instance.lexer(current), changes, handlers });
  const all = set.find() as Decoration[];
  const role = (d: Decoration) => (d.spec as { role: string }).role;
  return {
    changes,
    struck: all.filter((d) => role(d) === "struck").map((d) => doc.textBetween(d.from, d.to)),
    blocks: all.filter((d) => role(d) === "block").map((d) => doc.nodeAt(d.from)?.textContent),
    inlineWidgets: all.filter((d) => role(d) === "inline-widget").map((d) => doc.textBetween(Math.max(0, d.from - 12), d.from, " ")),
    blockWidgets: all.filter((d) => role(d) === "block-widget").length,
  };
}

describe("suggestion mode: an AI change placed in the document", () => {
  it("strikes the replaced words of a paragraph in place and puts the AI's words right after them", () => {
    const m = marks("Roofs cool **buildings** in summer.\n\nSecond paragraph stays.", "Roofs cool **buildings** a lot in summer.\n\nSecond paragraph stays.");
    expect(m.changes).toHaveLength(1);
    expect(m.inlineWidgets).toHaveLength(1);
    expect(m.inlineWidgets[0]).toMatch(/buildings ?$/);
  });

  it("works in a heading", () => {
    const m = marks("## Why roofs\n\nText.", "## Why green roofs\n\nText.");
    expect(m.struck.length + m.inlineWidgets.length).toBeGreaterThan(0);
    expect(m.blockWidgets).toBe(0);
  });

  it("works inside a list item and keeps a citation whole", () => {
    const m = marks("Intro.\n\n- first item [1]\n- second item [2]\n\nEnd.", "Intro.\n\n- first item [1]\n- second better item [3]\n\nEnd.");
    expect(m.blockWidgets).toBe(0);
    // The struck text is exactly the change's current text: the citation number with it.
    expect(m.struck).toEqual([m.changes[0].current]);
  });

  it("works in Chinese text without splitting a character", () => {
    const m = marks("城市屋顶农场可以降温。它们还能种菜。\n\n第二段。", "城市屋顶农场可以明显降温。它们还能种菜。\n\n第二段。");
    expect(m.changes).toHaveLength(1);
    expect(m.blockWidgets).toBe(0);
    for (const s of m.struck) expect(s).not.toMatch(/[\uD800-\uDFFF]/);
  });

  it("shows a new paragraph as a block between the blocks", () => {
    const m = marks("One.\n\nTwo.", "One.\n\nA new paragraph.\n\nTwo.");
    expect(m.blockWidgets).toBe(1);
    expect(m.struck).toEqual([]);
  });

  it("marks whole blocks for a change across blocks", () => {
    const m = marks("One.\n\nTwo.\n\nThree.", "One.\n\nThree.");
    expect(m.blocks.length + m.struck.length).toBeGreaterThan(0);
  });

  it("slides an insertion past the text it repeats, as a reader would write it", () => {
    const markdown = "Roofs cool.\n\nNext.";
    const change = { kind: "insert" as const, start: 10, end: 10, current: "", proposed: ". More" };
    expect(slide(change, markdown)).toMatchObject({ start: 11, end: 11, proposed: " More." });
    expect(slide({ ...change, start: 11, end: 11, proposed: "\n\nX" }, markdown)).toMatchObject({ start: 11 });
  });

  it("puts new blocks proposed from inside a paragraph after that paragraph, not inline", () => {
    const m = marks("First paragraph has words.\n\nSecond.", "First paragraph has\n\n## A heading\n\nwords.\n\nSecond.");
    expect(m.inlineWidgets).toHaveLength(0);
    expect(m.blockWidgets).toBe(1);
  });

  it("reads Markdown as the reader sees it", () => {
    expect(plainOf("- **bold** and [link](https://x.y) and [1] and a\\_b")).toBe("bold and link and [1] and a_b");
    expect(plainOf("## Heading")).toBe("Heading");
  });
});

describe("the streamed draft put back together", () => {
  const delta = (seq: number, offset: number, text: string, actionId = "a1", attempt = 1) => ({
    type: "draft.delta",
    data: { actionId, attempt, offset, text },
    metadata: { seq, sessionId: "s", eventId: String(seq), timestamp: seq },
  });

  it("appends by offset, lands a repeated batch once, and waits at a hole", () => {
    let s = addDelta(null, delta(1, 0, "Hello "));
    s = addDelta(s, delta(2, 6, "world"));
    s = addDelta(s, delta(2, 6, "world"));
    expect(s?.text).toBe("Hello world");
    expect(addDelta(s, delta(3, 40, "later"))?.text).toBe("Hello world");
  });

  it("starts over for a resumed attempt or a new action", () => {
    const s = addDelta(addDelta(null, delta(1, 0, "old text")), delta(2, 0, "new", "a1", 2));
    expect(s?.text).toBe("new");
    expect(addDelta(s, delta(3, 0, "other", "a2"))?.text).toBe("other");
  });
});
