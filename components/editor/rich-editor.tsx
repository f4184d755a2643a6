"use client";
// The writer's rich-text editor (Tiptap over Markdown). Loaded on demand by components/workspace/article-editor:
// Tiptap and ProseMirror are imported here only, so they stay out of the workspace's first load.
// AI helpers, each only when the session's stage has the capability:
// - suggestions: select text → improve / shorten / expand / fix grammar / custom → three options shown as a
//   change (struck-through original, proposed text) to accept or reject (use-suggestions, suggestion-panel);
// - autocomplete: after a pause at the end of a paragraph, ghost text that Tab accepts and Escape dismisses
//   (use-autocomplete);
// - grammar check: issues underlined in the text; click (or the list) to apply the replacement (use-grammar,
//   grammar-panel).
import "./editor.css";
import { useMessages } from "next-intl";
import { type Editor, EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EditorToolbar } from "@/components/editor/editor-toolbar";
import { type EditorApi, editorHandle } from "@/components/editor/editor-handle";
import { EXTERNAL, fill } from "@/components/editor/editor-shared";
import { GrammarPanel, GrammarPopover } from "@/components/editor/grammar-panel";
import { createMarkdownManager, markdownExtensions, parseMarkdown } from "@/components/editor/markdown";
import { type AiHandlers, AiPlugins, ghostOf, grammarKey, grammarRange, setGhost, setGrammar, targetRange } from "@/components/editor/plugins";
import { type ReviewChange, type ReviewDecision, ReviewPlugin } from "@/components/editor/proposal-marks";
import { type ReviewInput, useReviewMarks } from "@/components/editor/use-review-marks";
import { SelectionMenu, SuggestionPanel } from "@/components/editor/suggestion-panel";
import { useAutocomplete } from "@/components/editor/use-autocomplete";
import { useEditorFocus } from "@/components/editor/use-editor-focus";
import { useGrammar } from "@/components/editor/use-grammar";
import { useSuggestions } from "@/components/editor/use-suggestions";
import type { Capability } from "@/lib/genflow/stages";

export type { EditorApi };
export type { ReviewInput };

export interface RichEditorProps {
  initialMarkdown: string;
  sessionId: string | null;
  capabilities: readonly Capability[];
  language: "en" | "zh";
  onReady: (api: EditorApi) => void;
  /** A writer's edit (typing, an accepted suggestion or replacement): autosave takes it from here. */
  onChange: () => void;
  onBlur: () => void;
  /** Pending AI changes shown in the document (suggestion mode). */
  review?: ReviewInput | null;
  onDecide?: (change: ReviewChange, decision: ReviewDecision | null) => void;
  /** An AI edit the writer accepted (a suggestion, a grammar fix): the host saves the writer's own edits first,
   * then calls `apply` and saves the result with the AI as its source. */
  onAiEdit?: (note: string, apply: () => void) => void;
}

const MARKDOWN_PASTE = /^(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s|```)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)/m;

export default function RichEditor({
  initialMarkdown,
  sessionId,
  capabilities,
  language,
  onReady,
  onChange,
  onBlur,
  review,
  onDecide,
  onAiEdit,
}: RichEditorProps) {
  const messages = useMessages();
  const e = messages.editor;
  const p = messages.proposals;
  const can = useCallback((c: Capability) => Boolean(sessionId) && capabilities.includes(c), [sessionId, capabilities]);
  const handlers = useRef<AiHandlers>({});
  const callbacks = useRef({ onChange, onBlur });
  callbacks.current = { onChange, onBlur };
  const manager = useMemo(() => createMarkdownManager(), []);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const [helperError, setHelperError] = useState<string | null>(null);

  const editorRef = useRef<Editor | null>(null);
  const editor = useEditor({
    extensions: [
      ...markdownExtensions({ taskLabel: (text) => e.taskItem.replace("{text}", text || "…") }),
      AiPlugins.configure({ handlers: () => handlers.current }),
      ReviewPlugin,
    ],
    content: parseMarkdown(manager, initialMarkdown),
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        class: "genflow-editor prose prose-slate max-w-none prose-code:before:content-none prose-code:after:content-none",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": e.label,
        "data-testid": "article-content",
        lang: language === "zh" ? "zh-CN" : "en",
        spellcheck: "true",
      },
      // Markdown pasted as plain text (from a chat, a README) becomes formatted text, not literal `##`.
      handlePaste: (_view, event) => {
        const data = event.clipboardData;
        const ed = editorRef.current;
        if (!data || !ed || data.types.includes("text/html")) return false;
        const text = data.getData("text/plain");
        if (!MARKDOWN_PASTE.test(text)) return false;
        const blocks = parseMarkdown(manager, text).content ?? [];
        ed.chain()
          .focus()
          .insertContent(blocks.length === 1 && blocks[0].type === "paragraph" ? (blocks[0].content ?? []) : blocks)
          .run();
        return true;
      },
    },
    onUpdate: ({ transaction }) => {
      if (!transaction.getMeta(EXTERNAL)) callbacks.current.onChange();
    },
    onBlur: () => callbacks.current.onBlur(),
  });

  editorRef.current = editor;
  const view = useEditorState({
    editor,
    selector: ({ editor: ed }) => {
      const { from, to, empty } = ed.state.selection;
      return {
        from,
        to,
        empty,
        ghost: ghostOf(ed.state)?.text ?? null,
        target: targetRange(ed.state),
        grammarMarks: grammarKey.getState(ed.state)?.find().length ?? 0,
        bold: ed.isActive("bold"),
        italic: ed.isActive("italic"),
        h2: ed.isActive("heading", { level: 2 }),
        h3: ed.isActive("heading", { level: 3 }),
        bullet: ed.isActive("bulletList"),
        ordered: ed.isActive("orderedList"),
        task: ed.isActive("taskList"),
        quote: ed.isActive("blockquote"),
        canUndo: ed.can().undo(),
        canRedo: ed.can().redo(),
      };
    },
  });

  // The article editor drives loading, saving and conflicts through this handle.
  const readyRef = useRef(onReady);
  readyRef.current = onReady;
  const announced = useRef<unknown>(null);
  useEffect(() => {
    // Once per editor instance (effects run twice in development).
    if (!editor || announced.current === editor) return;
    announced.current = editor;
    readyRef.current(editorHandle(editor, manager));
  }, [editor, manager]);

  // Suggestion mode: pending AI changes drawn in the text.
  useReviewMarks({ editor, manager, review, onDecide, labels: p });

  const { autocompleteOn, changeAutocomplete } = useAutocomplete(editor, sessionId, language, can);
  const { proposal, customOpen, setCustomOpen, custom, setCustom, ask, closeProposal, accept } = useSuggestions({
    editor,
    sessionId,
    manager,
    e,
    panelRef,
    setHelperError,
  });
  const { grammar, popover, setPopover, runGrammarCheck, applyIssue, ignoreIssue, closeIssues, onGrammarClick } = useGrammar({
    editor,
    sessionId,
    e,
    wrapperRef,
    setHelperError,
  });
  handlers.current = { onGrammarClick };
  const aiEditRef = useRef(onAiEdit);
  aiEditRef.current = onAiEdit;
  const aiEdit = (note: string, apply: () => void) => (aiEditRef.current ? aiEditRef.current(note, apply) : apply());
  const acceptSuggestion = (index: number) => aiEdit(`suggestion: ${proposal?.instruction ?? "custom"}`, () => accept(index));
  const applyGrammar = (id: string) => aiEdit("grammar fix", () => applyIssue(id));

  useEffect(() => {
    // Stage changed and lost a capability: drop what it had put in the text.
    if (!editor) return;
    if (!can("autoComplete") && ghostOf(editor.state)) editor.view.dispatch(setGhost(editor.state.tr, null));
    if (!can("grammarCheck") && (grammarKey.getState(editor.state)?.find().length ?? 0) > 0) editor.view.dispatch(setGrammar(editor.state.tr, { clear: true }));
  }, [editor, can]);

  // Focus within the editor and its menus keeps the selection menu open; Escape closes what is open.
  const focusWithin = useEditorFocus(
    wrapperRef,
    () => {
      if (proposal) {
        closeProposal(true);
        return true;
      }
      if (popover) {
        setPopover(null);
        editor?.commands.focus();
        return true;
      }
      if (customOpen) {
        setCustomOpen(false);
        editor?.commands.focus();
        return true;
      }
      return false;
    },
    () => setCustomOpen(false),
  );

  if (!editor) return null;

  const box = wrapperRef.current?.getBoundingClientRect();
  const coords = (pos: number) => {
    try {
      return editor.view.coordsAtPos(pos);
    } catch {
      return null;
    }
  };
  const selectionTop = !view?.empty && box ? coords(view?.from ?? 0) : null;
  const showMenu = can("suggestions") && focusWithin && !proposal && view && !view.empty && selectionTop && box;
  const targetBottom = proposal && view?.target && box ? coords(view.target.to) : null;
  const openIssues = grammar.issues.filter((i) => i.state === "open");
  const located = (id: string) => grammarRange(editor.state, id) !== null;
  const popoverIssue = popover ? grammar.issues.find((i) => i.id === popover.id && i.state === "open") : undefined;

  return (
    <div ref={wrapperRef} className="relative" data-testid="rich-editor">
      <EditorToolbar
        editor={editor}
        view={view}
        e={e}
        showAutocomplete={can("autoComplete")}
        autocompleteOn={autocompleteOn}
        onAutocompleteChange={changeAutocomplete}
        showGrammar={can("grammarCheck")}
        grammarChecking={grammar.status === "checking"}
        onCheckGrammar={() => void runGrammarCheck()}
      />

      {grammar.status === "done" && (
        <GrammarPanel e={e} openIssues={openIssues} located={located} onApply={applyGrammar} onIgnore={ignoreIssue} onClose={closeIssues} />
      )}
      {helperError && (
        <p role="alert" className="border-b border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-800" data-testid="helper-error">
          {helperError}
        </p>
      )}

      <EditorContent editor={editor} />

      {showMenu && (
        <SelectionMenu
          e={e}
          top={selectionTop.top - box.top - 6}
          left={Math.max(4, Math.min(selectionTop.left - box.left, box.width - 420))}
          customOpen={customOpen}
          custom={custom}
          onCustomChange={setCustom}
          onOpenCustom={() => setCustomOpen(true)}
          onAsk={(instruction, customText) => void ask(instruction, customText)}
        />
      )}

      {proposal && (
        <SuggestionPanel
          e={e}
          proposal={proposal}
          panelRef={panelRef}
          top={targetBottom && box ? targetBottom.bottom - box.top + 8 : 48}
          onAccept={acceptSuggestion}
          onReject={() => closeProposal(true)}
        />
      )}

      {popover && popoverIssue && (
        <GrammarPopover e={e} issue={popoverIssue} top={popover.top} left={popover.left} onApply={applyGrammar} onIgnore={ignoreIssue} />
      )}

      <p className="sr-only" aria-live="polite" data-testid="ghost-hint">
        {view?.ghost ? fill(e.ghostHint, { text: view.ghost.trim() }) : ""}
      </p>
      {view?.ghost && (
        <p aria-hidden="true" className="pointer-events-none absolute right-3 bottom-2 rounded bg-slate-800/80 px-2 py-0.5 text-xs text-white">
          Tab ↹ · Esc
        </p>
      )}
    </div>
  );
}
