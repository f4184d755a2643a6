// Three-way merge of an AI proposal with the writer's text: base (what the AI started from) → current (the
// article now, with whatever the writer typed since) and base → proposed (the AI's text). The AI's edits that do
// not touch what the writer changed become changes that apply cleanly; overlapping ones become conflicts that
// show both sides. Pure and client-importable: the editor shows the same changes the server applies.
import { diffArrays } from "diff";
import { diffIndices } from "node-diff3";
import { z } from "zod";

export const CHANGE_KINDS = ["insert", "delete", "replace", "conflict"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One AI change as the writer reviews it; offsets are UTF-16 offsets in the CURRENT text (also the API's shape). */
export const proposalChange = z.object({
  id: z.string().describe("c1…cN: stable for a given proposal and article version"),
  kind: z.enum(CHANGE_KINDS),
  start: z.number().int().describe("UTF-16 offset in the CURRENT article text where the change starts"),
  end: z.number().int().describe("UTF-16 offset where it ends (an insert has start === end)"),
  current: z.string().describe("The text now in [start, end)"),
  proposed: z.string().describe("The AI's text for that region"),
  base: z.string().describe("The base version's text of that region"),
});
export type ProposalChange = z.infer<typeof proposalChange>;

export interface MergeInput {
  base: string;
  current: string;
  proposed: string;
}

// Word segments (words, runs of spaces, each punctuation mark, each newline): they never split a CJK character,
// a surrogate pair or a grapheme cluster (UAX #29 word boundaries fall between grapheme clusters), and CJK runs
// are cut into dictionary words, so a changed character does not make the whole sentence one token.
let wordSegmenter: Intl.Segmenter | undefined;
let sentenceSegmenter: Intl.Segmenter | undefined;

/**
 * The merge's tokens: concatenated they give `text` back exactly. A run of spaces rides on the token before it
 * ("word ", "。"), so the LCS does not pair up the thousands of lone spaces of an article (it is quadratic in
 * matching pairs) and an edit's edges fall on word boundaries.
 */
export function tokenize(text: string): string[] {
  wordSegmenter ??= new Intl.Segmenter("en", { granularity: "word" });
  const tokens: string[] = [];
  for (const { segment } of wordSegmenter.segment(text)) {
    const last = tokens.length - 1;
    if (last >= 0 && SPACES.test(segment) && !tokens[last].endsWith("\n")) tokens[last] += segment;
    else tokens.push(segment);
  }
  return tokens;
}

const SPACES = /^[^\S\n]+$/;

/** Offsets (UTF-16) where a sentence or a line starts, besides 0: a change never spans two of them by grouping. */
function unitBoundaries(text: string): number[] {
  sentenceSegmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  const starts = Array.from(sentenceSegmenter.segment(text), (s) => s.index).filter((i) => i > 0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts.sort((x, y) => x - y);
}

interface Hunk {
  side: "a" | "b";
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

type Range = [start: number, end: number];

/** node-diff3's hunks of o[os, oe) → x[xs, xe), after trimming the ends both share (most of an article). */
function diffRange<T>(o: T[], x: T[], [os, oe]: Range, [xs, xe]: Range): { o: Range; x: Range }[] {
  while (os < oe && xs < xe && o[os] === x[xs]) {
    os++;
    xs++;
  }
  while (oe > os && xe > xs && o[oe - 1] === x[xe - 1]) {
    oe--;
    xe--;
  }
  if (os === oe && xs === xe) return [];
  if (os === oe || xs === xe) return [{ o: [os, oe], x: [xs, xe] }];
  // The LCS is quadratic in matching pairs: a stretch too big to compare word by word is one change.
  if ((oe - os) * (xe - xs) > MAX_PAIRS) return [{ o: [os, oe], x: [xs, xe] }];
  return diffIndices(o.slice(os, oe), x.slice(xs, xe)).map((h) => ({
    o: [os + h.buffer1[0], os + h.buffer1[0] + h.buffer1[1]],
    x: [xs + h.buffer2[0], xs + h.buffer2[0] + h.buffer2[1]],
  }));
}

// About 2,000 × 2,000 tokens (a 1,500-word article against its rewrite): a few hundred ms at worst.
const MAX_PAIRS = 4_000_000;

/** Token ranges of lines, each with the blank lines after it (so paragraphs, not empty lines, are compared). */
function linesOf(tokens: string[]): { key: string; range: Range }[] {
  const lines: { key: string; range: Range }[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const endsLine = tokens[i].endsWith("\n") && !tokens[i + 1]?.startsWith("\n");
    if (endsLine || i === tokens.length - 1) {
      lines.push({ key: tokens.slice(start, i + 1).join(""), range: [start, i + 1] });
      start = i + 1;
    }
  }
  return lines;
}

/**
 * The differing stretches of o → x: lines (paragraphs) first, then word by word inside each changed block. A
 * block too big to compare word by word at once (a long article rewritten throughout) is compared paragraph by
 * paragraph in order, so the changes stay paragraph-sized and the time bounded.
 */
function hunksOf(o: string[], x: string[], side: Hunk["side"]): Hunk[] {
  const [lo, lx] = [linesOf(o), linesOf(x)];
  const at = (lines: typeof lo, i: number, total: number) => lines[i]?.range[0] ?? total;
  const blocks = diffRange(
    lo.map((l) => l.key),
    lx.map((l) => l.key),
    [0, lo.length],
    [0, lx.length],
  );
  const pieces = blocks.flatMap(({ o: [ol, oh], x: [xl, xh] }): { o: Range; x: Range }[] => {
    // Token ranges of lines [from, to) of the block, clamped to it.
    const oLines = (from: number, to: number): Range => [at(lo, Math.min(from, oh), o.length), at(lo, Math.min(to, oh), o.length)];
    const xLines = (from: number, to: number): Range => [at(lx, Math.min(from, xh), x.length), at(lx, Math.min(to, xh), x.length)];
    const whole = { o: oLines(ol, oh), x: xLines(xl, xh) };
    if ((whole.o[1] - whole.o[0]) * (whole.x[1] - whole.x[0]) <= MAX_PAIRS) return [whole];
    return Array.from({ length: Math.max(oh - ol, xh - xl) }, (_, i) => ({ o: oLines(ol + i, ol + i + 1), x: xLines(xl + i, xl + i + 1) }));
  });
  return pieces.flatMap((piece) => diffRange(o, x, piece.o, piece.x).map((h) => ({ side, oStart: h.o[0], oEnd: h.o[1], xStart: h.x[0], xEnd: h.x[1] })));
}

/** A region the AI changed, in token indices of current (a), base (o) and proposed (b). */
interface Edit {
  conflict: boolean;
  a: [number, number];
  o: [number, number];
  b: [number, number];
  /** The writer changed something between the previous edit and this one (they are not grouped). */
  afterWriterEdit: boolean;
}

const sameTokens = (x: string[], [xs, xe]: [number, number], y: string[], [ys, ye]: [number, number]) =>
  xe - xs === ye - ys && x.slice(xs, xe).every((t, i) => t === y[ys + i]);

/**
 * diff3's regions (as node-diff3's diff3MergeRegions builds them from the same hunks), keeping every side's
 * coordinates: an edit only the AI made, or a conflict where both sides changed overlapping text differently.
 */
function aiEdits(a: string[], o: string[], b: string[]): Edit[] {
  // At one position an insertion sorts before a change of the text there (it goes in front of it).
  const hunks = [...hunksOf(o, a, "a"), ...hunksOf(o, b, "b")].sort((x, y) => x.oStart - y.oStart || x.oEnd - y.oEnd);
  const edits: Edit[] = [];
  // Position in a and b minus position in o, over the unchanged stretch before the next region.
  const delta = { a: 0, b: 0 };
  let writerEdit = false;
  for (let i = 0; i < hunks.length; ) {
    const regionStart = hunks[i].oStart;
    let regionEnd = hunks[i].oEnd;
    const region = [hunks[i++]];
    // Overlapping hunks make one region (a conflict when both sides are in it). Touching ones do too when both
    // insert at one point or both change text meeting there; an insertion touching a change does not: a sentence
    // the writer added right after one the AI rewrote keeps its place, in order, without a conflict.
    const joins = (h: Hunk) => h.oStart < regionEnd || (h.oStart === regionEnd && (h.oStart === h.oEnd) === (regionStart === regionEnd));
    while (i < hunks.length && joins(hunks[i])) {
      regionEnd = Math.max(regionEnd, hunks[i].oEnd);
      region.push(hunks[i++]);
    }
    const span = (side: Hunk["side"]): [number, number] => {
      const own = region.filter((h) => h.side === side);
      if (own.length === 0) return [regionStart + delta[side], regionEnd + delta[side]];
      const xStart = Math.min(...own.map((h) => h.xStart));
      const xEnd = Math.max(...own.map((h) => h.xEnd));
      const oStart = Math.min(...own.map((h) => h.oStart));
      const oEnd = Math.max(...own.map((h) => h.oEnd));
      return [xStart + (regionStart - oStart), xEnd + (regionEnd - oEnd)];
    };
    const aSpan = span("a");
    const bSpan = span("b");
    delta.a = aSpan[1] - regionEnd;
    delta.b = bSpan[1] - regionEnd;
    const byAi = region.some((h) => h.side === "b");
    const byWriter = region.some((h) => h.side === "a");
    // Both sides made the same edit: nothing left to propose there.
    if (!byAi || (byWriter && sameTokens(a, aSpan, b, bSpan))) {
      writerEdit = true;
      continue;
    }
    edits.push({ conflict: byWriter, a: aSpan, o: [regionStart, regionEnd], b: bSpan, afterWriterEdit: writerEdit });
    writerEdit = false;
  }
  return edits;
}

function offsetsOf(tokens: string[]): number[] {
  const offsets = [0];
  for (const t of tokens) offsets.push(offsets[offsets.length - 1] + t.length);
  return offsets;
}

/**
 * The AI's changes against the current text, in order, ids c1…cN. Edits in one sentence (no line or sentence
 * boundary between them, nothing the writer changed between them) are grouped into one change, so a change
 * reads as a unit rather than word by word; a group holding a conflict is a conflict.
 */
export function computeChanges({ base, current, proposed }: MergeInput): ProposalChange[] {
  if (current === proposed) return [];
  const [a, o, b] = [tokenize(current), tokenize(base), tokenize(proposed)];
  const edits = aiEdits(a, o, b);
  if (edits.length === 0) return [];
  const at = { a: offsetsOf(a), o: offsetsOf(o), b: offsetsOf(b) };
  const boundaries = unitBoundaries(current);
  const groups: Edit[][] = [];
  for (const edit of edits) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    const gapStart = previous ? at.a[previous.a[1]] : 0;
    const gapEnd = at.a[edit.a[0]];
    const crossesUnit = boundaries.some((x) => x >= gapStart && x <= gapEnd);
    if (previous && !edit.afterWriterEdit && !crossesUnit) group.push(edit);
    else groups.push([edit]);
  }
  return groups.map((group, index) => {
    const first = group[0];
    const last = group[group.length - 1];
    const start = at.a[first.a[0]];
    const end = at.a[last.a[1]];
    // The AI's text for the group: its edits, with the unchanged text between them (the same on all sides).
    let text = "";
    group.forEach((edit, i) => {
      if (i > 0) text += current.slice(at.a[group[i - 1].a[1]], at.a[edit.a[0]]);
      text += proposed.slice(at.b[edit.b[0]], at.b[edit.b[1]]);
    });
    // Tokens carry their trailing spaces, so a group can start or end with words all three sides share
    // ("factories" → "factories a lot"): those are not part of the change.
    const sides = [current.slice(start, end), text, base.slice(at.o[first.o[0]], at.o[last.o[1]])];
    const head = sharedEdge(sides, "start");
    const rest = sides.map((t) => t.slice(head));
    const tail = sharedEdge(rest, "end");
    const [now, ai, was] = rest.map((t) => t.slice(0, t.length - tail));
    const change = { id: `c${index + 1}`, start: start + head, end: end - tail, current: now, proposed: ai, base: was };
    const kind: ChangeKind = group.some((e) => e.conflict) ? "conflict" : now === "" ? "insert" : ai === "" ? "delete" : "replace";
    return { ...change, kind };
  });
}

/** How many characters of whole word segments (never part of a character or a grapheme) all texts share at that edge. */
function sharedEdge(texts: string[], edge: "start" | "end"): number {
  wordSegmenter ??= new Intl.Segmenter("en", { granularity: "word" });
  const segmenter = wordSegmenter;
  const segments = texts.map((t) => {
    const list = Array.from(segmenter.segment(t), (x) => x.segment);
    return edge === "start" ? list : list.reverse();
  });
  let length = 0;
  for (let i = 0; segments.every((list) => i < list.length && list[i] === segments[0][i]); i++) length += segments[0][i].length;
  return length;
}

/** The current text with the changes named in `take` applied (a conflict taken is the AI's side). */
export function applyChanges({ base, current, proposed, take }: MergeInput & { take: readonly string[] }): string {
  return applyComputed({ current, changes: computeChanges({ base, current, proposed }), take });
}

/** As applyChanges, with the changes already computed against `current` (the merge is the costly part). */
export function applyComputed({ current, changes, take }: { current: string; changes: readonly ProposalChange[]; take: readonly string[] }): string {
  const chosen = changes.filter((c) => take.includes(c.id));
  let text = current;
  for (const change of chosen.reverse()) text = text.slice(0, change.start) + change.proposed + text.slice(change.end);
  return text;
}

/** Everything that merges cleanly applied, conflicts left as they are (apply: "auto", live sync). */
export function mergeClean(input: MergeInput): { text: string; applied: string[]; conflicts: string[] } {
  const changes = computeChanges(input);
  const applied = changes.filter((c) => c.kind !== "conflict").map((c) => c.id);
  return {
    text: applyChanges({ ...input, take: applied }),
    applied,
    conflicts: changes.filter((c) => c.kind === "conflict").map((c) => c.id),
  };
}

export interface DisplayPart {
  kind: "same" | "insert" | "delete";
  text: string;
}

/** A change's current → proposed text as marked parts (the `diff` library over the merge's own tokens). */
export function displayDiff(from: string, to: string): DisplayPart[] {
  return diffArrays(tokenize(from), tokenize(to)).map((part) => ({
    kind: part.added ? "insert" : part.removed ? "delete" : "same",
    text: part.value.join(""),
  }));
}
