// Where an AI change sits in the editor's document (see proposal-marks.ts): the Markdown's top-level blocks
// paired with the document's, a block's text with the position of each character, and Markdown read as the
// text a reader sees. No DOM here: unit tests run it in Node.
import type { Node as PMNode } from "@tiptap/pm/model";
import type { ProposalChange } from "@/lib/genflow/merge";

export type ReviewDecision = "accept" | "reject";

/** A proposal's change as the document shows it: keyed by content (decisions are kept by it) and decided or not. */
export type ReviewChange = Pick<ProposalChange, "kind" | "start" | "end" | "current" | "proposed"> & {
  proposalId: string;
  /** Stable across versions (content-based): decisions are kept by it. */
  key: string;
  decision: ReviewDecision | null;
};

export interface Block {
  start: number;
  end: number;
  pos: number;
  node: PMNode;
}

/** Top-level blocks of the Markdown with their offsets, paired with the document's top-level nodes. */
export function blocksOf(doc: PMNode, tokens: { type: string; raw: string }[]): Block[] | null {
  const ranges: { start: number; end: number }[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (token.type !== "space") ranges.push({ start: offset, end: offset + token.raw.replace(/\n+$/, "").length });
    offset += token.raw.length;
  }
  if (ranges.length !== doc.childCount) return null;
  const blocks: Block[] = [];
  doc.forEach((node, pos, index) => {
    blocks.push({ ...ranges[index], pos, node });
  });
  return blocks;
}

/** The text of a block's textblocks (joined by "\n"), with each character's document position. */
export function textOf(block: Block): { text: string; pos: number[] } {
  let text = "";
  const pos: number[] = [];
  const visit = (node: PMNode, at: number) => {
    if (node.isTextblock) {
      if (text) {
        text += "\n";
        pos.push(at);
      }
      node.forEach((child, offset) => {
        const piece = child.isText ? (child.text ?? "") : "\uFFFC";
        for (let i = 0; i < piece.length; i++) pos.push(at + 1 + offset + i);
        text += piece;
      });
      return;
    }
    node.forEach((child, offset) => {
      visit(child, at + 1 + offset);
    });
  };
  visit(block.node, block.pos);
  return { text, pos };
}

/** Markdown → the text a reader sees (near enough to find it): markers, escapes and link targets removed. */
export function plainOf(markdown: string): string {
  return markdown
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)/gm, "")
    .replace(/!?\[([^\]\n]*)\]\([^)\s]*\)/g, "$1")
    .replace(/(\*\*|__|~~|`)/g, "")
    .replace(/(^|[^\\\w])[*_](?=\S)|(?<=\S)[*_](?=$|[^\w])/g, "$1")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/\n{2,}/g, "\n");
}

/** The occurrence of `needle` in `hay` nearest to `near`, or -1. */
export function nearest(hay: string, needle: string, near: number): number {
  let best = -1;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}

/**
 * An insertion slid right past text it repeats: the diff may place "X[. Added]." where a reader expects
 * "X.[ Added.]" — the same result, shown as the reader would write it. Never across a line or inside a pair.
 */
export function slide<T extends Pick<ReviewChange, "kind" | "start" | "end" | "current" | "proposed">>(change: T, markdown: string): T {
  if (change.current !== "" || change.start !== change.end) return change;
  let { start, proposed } = change;
  while (proposed && markdown[start] === proposed[0] && markdown[start] !== "\n" && !/[\uD800-\uDFFF]/.test(markdown[start])) {
    proposed = proposed.slice(1) + markdown[start];
    start++;
  }
  return { ...change, start, end: start, proposed };
}
