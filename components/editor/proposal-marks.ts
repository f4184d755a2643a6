// Suggestion mode: an AI proposal's pending changes drawn inside the document, in context. A change's offsets
// are in the article's stored Markdown; they are placed in the editor's document through the Markdown's
// top-level blocks (one lexer token ↔ one top-level node) and, inside a block, by finding the change's text:
// - found in one block: the current text struck through (inline decoration), the AI's text inserted after it
//   (a widget) with Accept / Reject buttons;
// - an insertion between blocks: the AI's blocks as a widget there;
// - otherwise (a change across blocks, or text not found): the blocks it touches marked, the AI's text as a
//   widget after them.
// The buttons are real <button>s in non-editable widgets: Tab from the text reaches them.
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { blocksOf, nearest, plainOf, type ReviewChange, type ReviewDecision, slide, textOf } from "@/components/editor/proposal-text";

export type { ReviewChange, ReviewDecision } from "@/components/editor/proposal-text";

export interface ReviewHandlers {
  decide: (change: ReviewChange, decision: ReviewDecision | null) => void;
  /** The AI's Markdown as DOM (inline when it sits inside a paragraph). */
  render: (markdown: string, inline: boolean) => HTMLElement;
  labels: { accept: string; reject: string; acceptChange: string; rejectChange: string; conflict: string; ai: string };
}

export const reviewKey = new PluginKey<DecorationSet>("genflowReview");
type ReviewMeta = { set: DecorationSet } | { clear: true };
export const setReview = (tr: Transaction, meta: ReviewMeta) => tr.setMeta(reviewKey, meta);

function button(text: string, label: string, pressed: boolean, testId: string, onClick: () => void) {
  const b = document.createElement("button");
  b.type = "button";
  // The glyph is drawn by CSS from an aria-hidden span: the button's name is its label alone.
  const glyph = document.createElement("span");
  glyph.setAttribute("aria-hidden", "true");
  glyph.setAttribute("data-glyph", text);
  b.append(glyph);
  b.className = `proposal-button proposal-${testId.endsWith("accept") ? "accept" : "reject"}`;
  b.setAttribute("aria-label", label);
  b.setAttribute("aria-pressed", String(pressed));
  b.setAttribute("data-testid", testId);
  b.addEventListener("mousedown", (event) => event.preventDefault());
  b.addEventListener("click", (event) => {
    event.preventDefault();
    onClick();
  });
  return b;
}

function widget(change: ReviewChange, handlers: ReviewHandlers, inline: boolean, showCurrent = !inline): HTMLElement {
  const box = document.createElement(inline ? "span" : "div");
  box.className = `proposal-widget ${inline ? "is-inline" : "is-block"} kind-${change.kind} decision-${change.decision ?? "none"}`;
  box.contentEditable = "false";
  box.setAttribute("data-testid", "proposal-mark");
  box.setAttribute("data-proposal-id", change.proposalId);
  box.setAttribute("data-change-key", change.key);
  box.setAttribute("data-kind", change.kind);
  box.setAttribute("data-decision", change.decision ?? "none");
  const { labels } = handlers;
  if (change.kind === "conflict") {
    const tag = document.createElement("span");
    tag.className = "proposal-tag";
    tag.textContent = labels.conflict;
    box.append(tag);
  }
  if (showCurrent && change.current.trim()) {
    const del = document.createElement("del");
    del.className = "proposal-del";
    del.setAttribute("data-testid", "proposal-del");
    del.textContent = plainOf(change.current).trim();
    box.append(del);
  }
  if (change.proposed.trim()) {
    const ins = document.createElement(inline ? "ins" : "div");
    ins.className = "proposal-ins";
    ins.setAttribute("data-testid", "proposal-ins");
    ins.append(handlers.render(change.proposed, inline));
    box.append(ins);
  }
  const summary = plainOf(change.proposed || change.current)
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 60);
  const actions = document.createElement("span");
  actions.className = "proposal-actions";
  actions.append(
    button("✓", labels.acceptChange.replace("{text}", summary), change.decision === "accept", "proposal-mark-accept", () =>
      handlers.decide(change, change.decision === "accept" ? null : "accept"),
    ),
    button("✕", labels.rejectChange.replace("{text}", summary), change.decision === "reject", "proposal-mark-reject", () =>
      handlers.decide(change, change.decision === "reject" ? null : "reject"),
    ),
  );
  box.append(actions);
  return box;
}

type Role = "struck" | "block" | "inline-widget" | "block-widget";
const spec = (change: ReviewChange, role: Role = "struck") => ({ changeKey: change.key, role });
const widgetSpec = (change: ReviewChange, side: number, inline = false, showCurrent = !inline) => ({
  ...spec(change, inline ? "inline-widget" : "block-widget"),
  side,
  // As drawn (slid, with or without the current text): a restyle draws it the same way.
  shownProposed: change.proposed,
  showCurrent,
  key: `proposal:${change.proposalId}:${change.key}:${change.decision ?? ""}`,
  stopEvent: () => true,
  ignoreSelection: true,
});

/** The decorations that show `changes` (offsets in `markdown`) in `doc`, which was parsed from that Markdown. */
export function reviewDecorations({
  doc,
  markdown,
  tokens,
  changes,
  handlers,
}: {
  doc: PMNode;
  markdown: string;
  tokens: { type: string; raw: string }[];
  changes: ReviewChange[];
  handlers: ReviewHandlers;
}): DecorationSet {
  const blocks = blocksOf(doc, tokens);
  if (!blocks || blocks.length === 0) return DecorationSet.empty;
  const out: Decoration[] = [];
  const at = (offset: number) => blocks.findIndex((b) => offset <= b.end);
  for (const original of changes) {
    const change = slide(original, markdown);
    const first = at(change.start);
    const last = change.end === change.start ? first : at(Math.max(change.start, change.end - 1));
    const draw = (from: number, to: number, inline: boolean) => {
      if (change.current && from < to) {
        out.push(
          inline
            ? Decoration.inline(from, to, { class: `proposal-struck decision-${change.decision ?? "none"}`, "data-testid": "proposal-struck" }, spec(change))
            : Decoration.node(from, to, { class: `proposal-block decision-${change.decision ?? "none"}` }, spec(change, "block")),
        );
      }
      out.push(Decoration.widget(to, () => widget(change, handlers, inline), widgetSpec(change, 1, inline)));
    };
    // After the last block: appended at the end of the document.
    if (first < 0) {
      const end = blocks[blocks.length - 1];
      out.push(Decoration.widget(end.pos + end.node.nodeSize, () => widget(change, handlers, false), widgetSpec(change, 1)));
      continue;
    }
    const block = blocks[first];
    // Between blocks (or at a block's very start): new blocks before it.
    if (change.start <= block.start && change.end <= block.start && !change.current.trim()) {
      out.push(Decoration.widget(block.pos, () => widget(change, handlers, false), widgetSpec(change, -1)));
      continue;
    }
    if (first === last) {
      const { text, pos } = textOf(block);
      const before = plainOf(markdown.slice(block.start, change.start));
      const needle = plainOf(change.current);
      if (!needle.trim()) {
        // An insertion inside the block: after the text that precedes it.
        const tail = before.slice(-24);
        const i = tail ? nearest(text, tail, before.length - tail.length) : 0;
        if (i >= 0 && !change.proposed.includes("\n")) {
          // Right after the text before it (at a textblock's end too).
          const k = i + tail.length;
          const at = k > 0 ? pos[k - 1] + 1 : (pos[0] ?? block.pos + 1);
          out.push(Decoration.widget(at, () => widget(change, handlers, true), widgetSpec(change, 1, true)));
          continue;
        }
      } else {
        const i = nearest(text, needle, before.length);
        if (i >= 0 && !needle.includes("\n")) {
          const [from, to] = [pos[i], pos[i + needle.length - 1] + 1];
          if (!change.proposed.includes("\n")) {
            draw(from, to, true);
            continue;
          }
          // New blocks from inside a paragraph: the words struck in place, the AI's blocks after the block.
          out.push(
            Decoration.inline(from, to, { class: `proposal-struck decision-${change.decision ?? "none"}`, "data-testid": "proposal-struck" }, spec(change)),
          );
          out.push(Decoration.widget(block.pos + block.node.nodeSize, () => widget(change, handlers, false, false), widgetSpec(change, 1, false, false)));
          continue;
        }
      }
    }
    // Across blocks, or not found: mark the blocks, the AI's text after them.
    const lastBlock = blocks[last >= 0 ? last : blocks.length - 1];
    for (let b = first; b <= (last >= 0 ? last : blocks.length - 1); b++) {
      const { pos, node } = blocks[b];
      if (change.current)
        out.push(Decoration.node(pos, pos + node.nodeSize, { class: `proposal-block decision-${change.decision ?? "none"}` }, spec(change, "block")));
    }
    out.push(Decoration.widget(lastBlock.pos + lastBlock.node.nodeSize, () => widget(change, handlers, false), widgetSpec(change, 1)));
  }
  return DecorationSet.create(doc, out);
}

/**
 * The same marks where they are now (mapped through the writer's edits) with the changes' new decisions; marks
 * of changes no longer pending go. Used while the document has edits the stored Markdown does not.
 */
export function restyle(set: DecorationSet, doc: PMNode, changes: ReviewChange[], handlers: ReviewHandlers): DecorationSet {
  const byKey = new Map(changes.map((c) => [c.key, c]));
  const out: Decoration[] = [];
  for (const d of set.find()) {
    const { changeKey, role, side, shownProposed, showCurrent } = d.spec as {
      changeKey: string;
      role: Role;
      side?: number;
      shownProposed?: string;
      showCurrent?: boolean;
    };
    const change = byKey.get(changeKey);
    if (!change) continue;
    const cls = `decision-${change.decision ?? "none"}`;
    if (role === "struck") out.push(Decoration.inline(d.from, d.to, { class: `proposal-struck ${cls}`, "data-testid": "proposal-struck" }, spec(change)));
    else if (role === "block") out.push(Decoration.node(d.from, d.to, { class: `proposal-block ${cls}` }, spec(change, "block")));
    else {
      const inline = role === "inline-widget";
      const shown = { ...change, proposed: shownProposed ?? change.proposed };
      out.push(Decoration.widget(d.from, () => widget(shown, handlers, inline, showCurrent), widgetSpec(shown, side ?? 1, inline, showCurrent)));
    }
  }
  return DecorationSet.create(doc, out);
}

export const ReviewPlugin = Extension.create({
  name: "genflowReview",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: reviewKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const meta = tr.getMeta(reviewKey) as ReviewMeta | undefined;
            if (meta && "clear" in meta) return DecorationSet.empty;
            if (meta && "set" in meta) return meta.set;
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: { decorations: (state) => reviewKey.getState(state) },
      }),
    ];
  },
});
