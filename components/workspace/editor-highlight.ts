"use client";
// "Jump to text": marks a passage inside the document itself (the editor) rather than in a second copy of the
// article. The CSS Custom Highlight API paints the range without touching the editor's DOM, so the editor's
// own state (ProseMirror) never sees a foreign node.

export const JUMP_HIGHLIGHT = "review-jump";

/** The passage's range in the editor's rendered text, or null. Markdown marks (`**`, `_`, `#`) are ignored. */
function findRange(root: Element, excerpt: string): Range | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: { node: Text; start: number }[] = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node instanceof Text)) continue;
    nodes.push({ node, start: text.length });
    text += node.data;
  }
  const candidates = [excerpt, excerpt.trim(), excerpt.replace(/[*_`#>]+/g, "").trim()].filter(Boolean);
  for (const candidate of candidates) {
    const start = text.indexOf(candidate);
    if (start < 0) continue;
    const end = start + candidate.length;
    const at = (offset: number, isEnd: boolean) => {
      const found = nodes.findLast((n) => (isEnd ? n.start < offset : n.start <= offset)) ?? nodes[0];
      return { node: found.node, offset: Math.min(offset - found.start, found.node.data.length) };
    };
    const from = at(start, false);
    const to = at(end, true);
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }
  return null;
}

/** Highlights `excerpt` in the document and scrolls it into the middle of the view; false when it is not there. */
export function highlightInDocument(excerpt: string): boolean {
  const root = document.querySelector('[data-testid="article-content"]');
  const range = root ? findRange(root, excerpt) : null;
  if (typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.delete(JUMP_HIGHLIGHT);
  if (!range) return false;
  if (typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.set(JUMP_HIGHLIGHT, new Highlight(range));
  const target = range.startContainer.parentElement;
  target?.scrollIntoView({ block: "center", behavior: "smooth" });
  return true;
}

export function clearDocumentHighlight() {
  if (typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.delete(JUMP_HIGHLIGHT);
}
