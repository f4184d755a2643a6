// Suggestions for a selection: improve / shorten / expand / fix grammar / custom → three options shown as a
// change (struck-through original, proposed text) to accept or reject.
import type { Editor } from "@tiptap/react";
import { type RefObject, useCallback, useRef, useState } from "react";
import { type Instruction, streamSuggestions } from "@/components/editor/ai-client";
import { type EditorStrings, errorText, EXTERNAL, fill, type Proposal } from "@/components/editor/editor-shared";
import { type createMarkdownManager, parseMarkdown } from "@/components/editor/markdown";
import { setTarget, targetRange } from "@/components/editor/plugins";

const looksLikeMarkdown = (text: string) => /[*_`#\n]|\[[^\]]*\]\(/.test(text);

interface Options {
  editor: Editor | null;
  sessionId: string | null;
  manager: ReturnType<typeof createMarkdownManager>;
  e: EditorStrings;
  panelRef: RefObject<HTMLDivElement | null>;
  setHelperError: (message: string | null) => void;
}

export function useSuggestions({ editor, sessionId, manager, e, panelRef, setHelperError }: Options) {
  const suggestAbort = useRef<AbortController | null>(null);
  const [customOpen, setCustomOpen] = useState(false);
  const [custom, setCustom] = useState("");
  const [proposal, setProposal] = useState<Proposal | null>(null);

  const ask = useCallback(
    async (instruction: Instruction, customText?: string) => {
      if (!editor || !sessionId) return;
      const { from, to, empty } = editor.state.selection;
      if (empty) return;
      const doc = editor.state.doc;
      const original = doc.textBetween(from, to, "\n\n", " ");
      if (!original.trim()) return;
      const context = doc.textBetween(Math.max(0, from - 1500), Math.min(doc.content.size, to + 1500), "\n\n", " ");
      suggestAbort.current?.abort();
      const controller = new AbortController();
      suggestAbort.current = controller;
      editor.view.dispatch(setTarget(editor.state.tr, { set: { from, to } }));
      setHelperError(null);
      setCustomOpen(false);
      setProposal({ instruction, original, items: [], done: false, error: null });
      requestAnimationFrame(() => panelRef.current?.focus());
      try {
        await streamSuggestions(
          sessionId,
          { text: original.slice(0, 8000), instruction, ...(customText ? { custom: customText } : {}), context: context.slice(0, 8000) },
          (index, text) =>
            setProposal((p) => {
              if (!p || controller.signal.aborted) return p;
              const items = [...p.items];
              items[index] = text;
              return { ...p, items };
            }),
          controller.signal,
        );
        setProposal((p) => (p && !controller.signal.aborted ? { ...p, done: true } : p));
      } catch (error) {
        if (controller.signal.aborted) return;
        setProposal((p) => (p ? { ...p, done: true, error: fill(e.helperFailed, { m: errorText(error) }) } : p));
      }
    },
    [editor, sessionId, e.helperFailed, panelRef, setHelperError],
  );

  const closeProposal = useCallback(
    (restoreSelection: boolean) => {
      suggestAbort.current?.abort();
      suggestAbort.current = null;
      setProposal(null);
      if (!editor) return;
      const range = targetRange(editor.state);
      const chain = editor.chain().setMeta(EXTERNAL, true).setMeta("addToHistory", false);
      chain.command(({ tr }) => {
        setTarget(tr, { clear: true });
        return true;
      });
      if (restoreSelection && range) chain.setTextSelection(range);
      chain.focus().run();
    },
    [editor],
  );

  const accept = useCallback(
    (index: number) => {
      if (!editor || !proposal) return;
      const text = proposal.items[index];
      const range = targetRange(editor.state);
      if (!text || !range) {
        setProposal((p) => (p ? { ...p, error: e.rangeGone } : p));
        return;
      }
      suggestAbort.current?.abort();
      const chain = editor.chain().focus();
      chain.command(({ tr }) => {
        setTarget(tr, { clear: true });
        return true;
      });
      if (looksLikeMarkdown(text)) {
        const blocks = parseMarkdown(manager, text).content ?? [];
        const content = blocks.length === 1 && blocks[0].type === "paragraph" ? (blocks[0].content ?? []) : blocks;
        chain.insertContentAt(range, content);
      } else {
        chain.command(({ tr }) => {
          tr.insertText(text, range.from, range.to);
          return true;
        });
      }
      chain.run();
      setProposal(null);
    },
    [editor, proposal, manager, e.rangeGone],
  );

  return { proposal, customOpen, setCustomOpen, custom, setCustom, ask, closeProposal, accept };
}
