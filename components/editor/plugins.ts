// ProseMirror plugins behind the editor's AI helpers, as one Tiptap extension:
// - ghost text: an autocomplete shown after the cursor, accepted with Tab, dismissed with Escape or any edit;
// - suggestion target: the selection an AI suggestion would replace, marked as a pending change and kept in
//   place (mapped) while the writer keeps typing elsewhere;
// - grammar issues: underlined excerpts, mapped through edits, dropped once their text changes.
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";

export interface Ghost {
  pos: number;
  text: string;
}

export interface GrammarMark {
  id: string;
  from: number;
  to: number;
  excerpt: string;
}

export interface AiHandlers {
  /** The writer clicked an underlined grammar issue. */
  onGrammarClick?: (id: string, view: EditorView, pos: number) => void;
  /** Tab accepted the ghost text (after it was inserted). */
  onGhostAccepted?: () => void;
}

export const ghostKey = new PluginKey<Ghost | null>("genflowGhost");
export const targetKey = new PluginKey<DecorationSet>("genflowTarget");
export const grammarKey = new PluginKey<DecorationSet>("genflowGrammar");

type GrammarMeta = { set: GrammarMark[] } | { remove: string } | { clear: true };
type TargetMeta = { set: { from: number; to: number } } | { clear: true };

function ghostWidget(text: string) {
  const span = document.createElement("span");
  span.className = "ghost-text";
  span.setAttribute("data-testid", "ghost-text");
  span.setAttribute("aria-hidden", "true");
  span.textContent = text;
  return span;
}

/** Marks whose text changed are dropped: the underline would no longer point at the issue. */
function keepIntact(set: DecorationSet, doc: PMNode): DecorationSet {
  const stale = set.find().filter((d) => d.from >= d.to || doc.textBetween(d.from, d.to) !== (d.spec as { excerpt: string }).excerpt);
  return stale.length ? set.remove(stale) : set;
}

export function ghostOf(state: EditorState): Ghost | null {
  return ghostKey.getState(state) ?? null;
}

export function targetRange(state: EditorState): { from: number; to: number } | null {
  const found = targetKey.getState(state)?.find() ?? [];
  return found.length ? { from: found[0].from, to: found[0].to } : null;
}

export function grammarRange(state: EditorState, id: string): { from: number; to: number } | null {
  const found = grammarKey.getState(state)?.find(undefined, undefined, (spec) => spec.issueId === id) ?? [];
  return found.length ? { from: found[0].from, to: found[0].to } : null;
}

export const setGhost = (tr: Transaction, ghost: Ghost | null) => tr.setMeta(ghostKey, { ghost });
export const setTarget = (tr: Transaction, meta: TargetMeta) => tr.setMeta(targetKey, meta);
export const setGrammar = (tr: Transaction, meta: GrammarMeta) => tr.setMeta(grammarKey, meta);

// Handlers are read through a function: Tiptap deep-copies option objects, so a ref passed as an option
// would be a stale copy.
export const AiPlugins = Extension.create<{ handlers: () => AiHandlers }>({
  name: "genflowAi",
  addOptions: () => ({ handlers: () => ({}) }),
  addProseMirrorPlugins() {
    const handlers = this.options.handlers;
    const ghost = new Plugin<Ghost | null>({
      key: ghostKey,
      state: {
        init: () => null,
        apply(tr, value) {
          const meta = tr.getMeta(ghostKey) as { ghost: Ghost | null } | undefined;
          if (meta) return meta.ghost;
          // Any edit or cursor move dismisses the suggestion.
          if (value && (tr.docChanged || tr.selectionSet)) return null;
          return value;
        },
      },
      props: {
        decorations(state) {
          const value = ghostKey.getState(state);
          if (!value?.text) return null;
          return DecorationSet.create(state.doc, [Decoration.widget(value.pos, () => ghostWidget(value.text), { side: 1, key: `ghost:${value.text}` })]);
        },
        handleKeyDown(view, event) {
          const value = ghostKey.getState(view.state);
          if (!value?.text) return false;
          if (event.key === "Tab" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            const tr = view.state.tr.insertText(value.text, value.pos);
            setGhost(tr, null);
            view.dispatch(tr.scrollIntoView());
            handlers().onGhostAccepted?.();
            return true;
          }
          if (event.key === "Escape") {
            view.dispatch(setGhost(view.state.tr, null));
            return true;
          }
          return false;
        },
      },
    });

    const target = new Plugin<DecorationSet>({
      key: targetKey,
      state: {
        init: () => DecorationSet.empty,
        apply(tr, set) {
          const meta = tr.getMeta(targetKey) as TargetMeta | undefined;
          if (meta && "clear" in meta) return DecorationSet.empty;
          if (meta && "set" in meta) {
            const { from, to } = meta.set;
            return DecorationSet.create(tr.doc, [
              Decoration.inline(from, to, { class: "ai-target", "data-testid": "ai-target" }, { inclusiveStart: false, inclusiveEnd: false }),
            ]);
          }
          return set.map(tr.mapping, tr.doc);
        },
      },
      props: { decorations: (state) => targetKey.getState(state) },
    });

    const grammar = new Plugin<DecorationSet>({
      key: grammarKey,
      state: {
        init: () => DecorationSet.empty,
        apply(tr, set) {
          const meta = tr.getMeta(grammarKey) as GrammarMeta | undefined;
          if (meta && "clear" in meta) return DecorationSet.empty;
          if (meta && "set" in meta) {
            return DecorationSet.create(
              tr.doc,
              meta.set.map((m) =>
                Decoration.inline(
                  m.from,
                  m.to,
                  { class: "grammar-issue", "data-testid": "grammar-underline", "data-issue-id": m.id },
                  { issueId: m.id, excerpt: m.excerpt },
                ),
              ),
            );
          }
          let next = set;
          if (meta && "remove" in meta) next = next.remove(next.find(undefined, undefined, (spec) => spec.issueId === meta.remove));
          if (tr.docChanged) next = keepIntact(next.map(tr.mapping, tr.doc), tr.doc);
          return next;
        },
      },
      props: {
        decorations: (state) => grammarKey.getState(state),
        handleClick(view, pos) {
          const found = grammarKey.getState(view.state)?.find(pos, pos) ?? [];
          const hit = found.find((d) => d.from <= pos && pos <= d.to);
          if (!hit) return false;
          handlers().onGrammarClick?.((hit.spec as { issueId: string }).issueId, view, pos);
          return false;
        },
      },
    });

    return [ghost, target, grammar];
  },
});

/**
 * The document as plain text (blocks separated by a blank line), with a map from text offsets back to
 * document positions: grammar-check offsets and excerpts are located with it.
 */
export function plainTextWithPositions(doc: PMNode): { text: string; toPos: (offset: number) => number | null } {
  const pieces: string[] = [];
  const segments: { start: number; pos: number; length: number }[] = [];
  let length = 0;
  let first = true;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (!first) {
      pieces.push("\n\n");
      length += 2;
    }
    first = false;
    node.forEach((child, offset) => {
      const childPos = pos + 1 + offset;
      const piece = child.isText ? (child.text ?? "") : child.type.name === "hardBreak" ? "\n" : "\uFFFC";
      segments.push({ start: length, pos: childPos, length: child.isText ? piece.length : 1 });
      pieces.push(piece);
      length += piece.length;
    });
    // An empty block still needs a position for offsets that land at its end.
    segments.push({ start: length, pos: pos + 1 + node.content.size, length: 0 });
    return false;
  });
  const text = pieces.join("");
  const toPos = (offset: number): number | null => {
    let lo = 0;
    let hi = segments.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].start <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return null;
    const s = segments[best];
    // An offset inside the blank line between two blocks belongs to neither.
    return offset <= s.start + s.length ? s.pos + (offset - s.start) : null;
  };
  return { text, toPos };
}
