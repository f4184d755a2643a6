"use client";
// The writer's rich-text editor (Tiptap over Markdown). Loaded on demand by components/workspace/article-editor:
// Tiptap and ProseMirror are imported here only, so they stay out of the workspace's first load.
// AI helpers, each only when the session's stage has the capability:
// - suggestions: select text → improve / shorten / expand / fix grammar / custom → three options shown as a
//   change (struck-through original, proposed text) to accept or reject;
// - autocomplete: after a pause at the end of a paragraph, ghost text that Tab accepts and Escape dismisses;
// - grammar check: issues underlined in the text; click (or the list) to apply the replacement.
import "./editor.css";
import { type Editor, EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { checkGrammar, type GrammarIssue, HelperError, type Instruction, streamAutocomplete, streamSuggestions } from "@/components/editor/ai-client";
import { createMarkdownManager, markdownExtensions, parseMarkdown, serializeMarkdown } from "@/components/editor/markdown";
import {
  type AiHandlers,
  AiPlugins,
  ghostOf,
  grammarKey,
  grammarRange,
  plainTextWithPositions,
  setGhost,
  setGrammar,
  setTarget,
  targetRange,
} from "@/components/editor/plugins";
import type { Capability } from "@/lib/genflow/stages";
import type { Dictionary } from "@/lib/i18n";

export interface EditorApi {
  getMarkdown: () => string;
  setMarkdown: (markdown: string) => void;
  focus: () => void;
}

export interface RichEditorProps {
  initialMarkdown: string;
  sessionId: string | null;
  capabilities: readonly Capability[];
  language: "en" | "zh";
  t: Dictionary;
  onReady: (api: EditorApi) => void;
  /** A writer's edit (typing, an accepted suggestion or replacement): autosave takes it from here. */
  onChange: () => void;
  onBlur: () => void;
}

const EXTERNAL = "genflow:external";
const AUTOCOMPLETE_PAUSE_MS = 900;
const AUTOCOMPLETE_PREF = "genflow:autocomplete";
const INSTRUCTIONS: { id: Instruction; label: keyof Dictionary["editor"] }[] = [
  { id: "improve", label: "improve" },
  { id: "shorten", label: "shorten" },
  { id: "expand", label: "expand" },
  { id: "fix_grammar", label: "fixGrammar" },
];

interface Proposal {
  instruction: Instruction;
  original: string;
  items: string[];
  done: boolean;
  error: string | null;
}

interface IssueRow extends GrammarIssue {
  state: "open" | "applied" | "ignored";
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
const MARKDOWN_PASTE = /^(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s|```)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)/m;
const looksLikeMarkdown = (text: string) => /[*_`#\n]|\[[^\]]*\]\(/.test(text);
const errorText = (error: unknown) => (error instanceof HelperError || error instanceof Error ? error.message : String(error));

export default function RichEditor({ initialMarkdown, sessionId, capabilities, language, t, onReady, onChange, onBlur }: RichEditorProps) {
  const e = t.editor;
  const can = useCallback((c: Capability) => Boolean(sessionId) && capabilities.includes(c), [sessionId, capabilities]);
  const handlers = useRef<AiHandlers>({});
  const callbacks = useRef({ onChange, onBlur });
  callbacks.current = { onChange, onBlur };
  const manager = useMemo(() => createMarkdownManager(), []);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const suggestAbort = useRef<AbortController | null>(null);
  const completeAbort = useRef<AbortController | null>(null);
  const completeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const [focusWithin, setFocusWithin] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);
  const [custom, setCustom] = useState("");
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [helperError, setHelperError] = useState<string | null>(null);
  const [grammar, setGrammarState] = useState<{ status: "idle" | "checking" | "done"; issues: IssueRow[] }>({ status: "idle", issues: [] });
  const [popover, setPopover] = useState<{ id: string; top: number; left: number } | null>(null);
  const [autocompleteOn, setAutocompleteOn] = useState(true);

  useEffect(() => {
    setAutocompleteOn(window.localStorage.getItem(AUTOCOMPLETE_PREF) !== "off");
  }, []);

  const editorRef = useRef<Editor | null>(null);
  const editor = useEditor({
    extensions: [...markdownExtensions(), AiPlugins.configure({ handlers: () => handlers.current })],
    content: parseMarkdown(manager, initialMarkdown),
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        class: "genflow-editor",
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
        ed.chain().focus().insertContent(blocks.length === 1 && blocks[0].type === "paragraph" ? (blocks[0].content ?? []) : blocks).run();
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
    readyRef.current({
      getMarkdown: () => serializeMarkdown(manager, editor.getJSON()),
      setMarkdown: (markdown) => {
        editor.chain().setMeta(EXTERNAL, true).setContent(parseMarkdown(manager, markdown), { emitUpdate: false }).run();
      },
      focus: () => editor.commands.focus(),
    });
  }, [editor, manager]);

  // ---------------------------------------------------------------------------------------------------
  // Autocomplete

  const cancelCompletion = useCallback(() => {
    if (completeTimer.current) clearTimeout(completeTimer.current);
    completeTimer.current = null;
    completeAbort.current?.abort();
    completeAbort.current = null;
  }, []);

  const requestCompletion = useCallback(async () => {
    if (!editor || !sessionId || editor.isDestroyed) return;
    const { state } = editor;
    const { selection } = state;
    if (!selection.empty || !editor.isFocused) return;
    const $pos = selection.$head;
    // Only at the end of a paragraph with something to continue.
    if ($pos.parent.type.name !== "paragraph" || $pos.parentOffset !== $pos.parent.content.size) return;
    const paragraph = $pos.parent.textContent;
    if (paragraph.trim().length < 8) return;
    const doc = state.doc;
    const pos = selection.head;
    const before = doc.textBetween(Math.max(0, pos - 4000), pos, "\n\n", " ");
    const controller = new AbortController();
    completeAbort.current = controller;
    const needsSpace = language === "en" && !/\s$/.test(paragraph);
    const shape = (raw: string) => {
      let text = raw.replace(/\r/g, "").split("\n")[0] ?? "";
      if (needsSpace && text && !/^[\s.,;:!?)]/.test(text)) text = ` ${text}`;
      return text.replace(/\s+$/, (m) => (m.includes("\n") ? "" : m));
    };
    const show = (raw: string) => {
      if (controller.signal.aborted || editor.isDestroyed || editor.state.doc !== doc) return;
      const text = shape(raw);
      if (text.trim()) editor.view.dispatch(setGhost(editor.state.tr, { pos, text }));
    };
    try {
      const completion = await streamAutocomplete(sessionId, { text: before, maxWords: 12 }, show, controller.signal);
      show(completion.trimEnd());
    } catch (error) {
      if (!controller.signal.aborted) console.warn("[genflow] autocomplete failed", errorText(error));
    }
  }, [editor, sessionId, language]);

  useEffect(() => {
    if (!editor) return;
    const onUpdate = ({ transaction }: { transaction: { getMeta: (k: string) => unknown; docChanged: boolean } }) => {
      cancelCompletion();
      if (transaction.getMeta(EXTERNAL) || !autocompleteOn || !can("autoComplete")) return;
      completeTimer.current = setTimeout(() => void requestCompletion(), AUTOCOMPLETE_PAUSE_MS);
    };
    const onSelection = () => {
      // A cursor move cancels a pending request (the ghost text itself is cleared by its plugin).
      if (completeTimer.current || completeAbort.current) cancelCompletion();
      setPopover((p) => {
        if (!p) return p;
        const range = grammarRange(editor.state, p.id);
        const head = editor.state.selection.head;
        return range && head >= range.from && head <= range.to ? p : null;
      });
    };
    editor.on("update", onUpdate);
    editor.on("selectionUpdate", onSelection);
    return () => {
      editor.off("update", onUpdate);
      editor.off("selectionUpdate", onSelection);
      cancelCompletion();
    };
  }, [editor, autocompleteOn, can, requestCompletion, cancelCompletion]);

  useEffect(() => {
    // Stage changed and lost a capability: drop what it had put in the text.
    if (!editor) return;
    if (!can("autoComplete") && ghostOf(editor.state)) editor.view.dispatch(setGhost(editor.state.tr, null));
    if (!can("grammarCheck") && (grammarKey.getState(editor.state)?.find().length ?? 0) > 0) editor.view.dispatch(setGrammar(editor.state.tr, { clear: true }));
  }, [editor, can]);

  // ---------------------------------------------------------------------------------------------------
  // Suggestions for a selection

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
    [editor, sessionId, e.helperFailed],
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

  // ---------------------------------------------------------------------------------------------------
  // Grammar

  const runGrammarCheck = useCallback(async () => {
    if (!editor || !sessionId) return;
    const { text } = plainTextWithPositions(editor.state.doc);
    const sent = text.slice(0, 20_000);
    if (!sent.trim()) return;
    setHelperError(null);
    setPopover(null);
    setGrammarState({ status: "checking", issues: [] });
    try {
      const issues = await checkGrammar(sessionId, sent);
      if (editor.isDestroyed) return;
      // Located in the text as it is now (the writer may have typed on while the check ran).
      const doc = editor.state.doc;
      const now = plainTextWithPositions(doc);
      const marks: { id: string; from: number; to: number; excerpt: string }[] = [];
      for (const issue of issues) {
        if (!issue.excerpt) continue;
        const start = issue.offset && now.text.slice(issue.offset.start, issue.offset.end) === issue.excerpt ? issue.offset.start : now.text.indexOf(issue.excerpt);
        if (start < 0) continue;
        const from = now.toPos(start);
        const to = now.toPos(start + issue.excerpt.length);
        if (from == null || to == null || from >= to || doc.textBetween(from, to) !== issue.excerpt) continue;
        marks.push({ id: issue.id, from, to, excerpt: issue.excerpt });
      }
      editor.view.dispatch(setGrammar(editor.state.tr, { set: marks }));
      setGrammarState({ status: "done", issues: issues.map((i) => ({ ...i, state: "open" })) });
    } catch (error) {
      setGrammarState({ status: "idle", issues: [] });
      setHelperError(fill(e.helperFailed, { m: errorText(error) }));
    }
  }, [editor, sessionId, e.helperFailed]);

  const applyIssue = useCallback(
    (id: string) => {
      if (!editor) return;
      const range = grammarRange(editor.state, id);
      const issue = grammar.issues.find((i) => i.id === id);
      if (!range || !issue) return;
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          if (issue.replacement) tr.insertText(issue.replacement, range.from, range.to);
          else tr.delete(range.from, range.to);
          return true;
        })
        .run();
      setGrammarState((g) => ({ ...g, issues: g.issues.map((i) => (i.id === id ? { ...i, state: "applied" } : i)) }));
      setPopover(null);
    },
    [editor, grammar.issues],
  );

  const ignoreIssue = useCallback(
    (id: string) => {
      if (!editor) return;
      editor.view.dispatch(setGrammar(editor.state.tr, { remove: id }));
      setGrammarState((g) => ({ ...g, issues: g.issues.map((i) => (i.id === id ? { ...i, state: "ignored" } : i)) }));
      setPopover(null);
    },
    [editor],
  );

  handlers.current = {
    onGrammarClick: (id, pmView, pos) => {
      const box = wrapperRef.current?.getBoundingClientRect();
      const coords = pmView.coordsAtPos(pos);
      if (!box) return;
      setPopover({ id, top: coords.bottom - box.top + 6, left: Math.max(0, Math.min(coords.left - box.left, box.width - 288)) });
    },
  };

  // ---------------------------------------------------------------------------------------------------
  // Rendering

  // Focus within the editor and its menus keeps the selection menu open; Escape closes what is open.
  const escapeRef = useRef<() => boolean>(() => false);
  escapeRef.current = () => {
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
  };
  useEffect(() => {
    const el = wrapperRef.current;
    if (!el) return;
    const focusIn = () => setFocusWithin(true);
    const focusOut = (event: globalThis.FocusEvent) => {
      if (!el.contains(event.relatedTarget as Node | null)) {
        setFocusWithin(false);
        setCustomOpen(false);
      }
    };
    const keyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && escapeRef.current()) event.preventDefault();
    };
    el.addEventListener("focusin", focusIn);
    el.addEventListener("focusout", focusOut);
    el.addEventListener("keydown", keyDown);
    return () => {
      el.removeEventListener("focusin", focusIn);
      el.removeEventListener("focusout", focusOut);
      el.removeEventListener("keydown", keyDown);
    };
  }, []);

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

  const toolButton = (label: string, active: boolean | undefined, run: () => void, testId: string, glyph: string, disabled = false) => (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled}
      data-testid={testId}
      onMouseDown={(ev) => ev.preventDefault()}
      onClick={run}
      className={`min-w-8 rounded px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 ${active ? "bg-slate-200 font-semibold" : ""}`}
    >
      {glyph}
    </button>
  );

  return (
    <div ref={wrapperRef} className="relative" data-testid="rich-editor">
      <div role="toolbar" aria-label={e.toolbar} className="flex flex-wrap items-center gap-1 border-b border-slate-200 px-2 py-1.5" data-testid="editor-toolbar">
        {toolButton(e.bold, view?.bold, () => editor.chain().focus().toggleBold().run(), "format-bold", "B")}
        {toolButton(e.italic, view?.italic, () => editor.chain().focus().toggleItalic().run(), "format-italic", "I")}
        {toolButton(e.heading2, view?.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run(), "format-h2", "H2")}
        {toolButton(e.heading3, view?.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run(), "format-h3", "H3")}
        {toolButton(e.bulletList, view?.bullet, () => editor.chain().focus().toggleBulletList().run(), "format-bullet-list", "•")}
        {toolButton(e.orderedList, view?.ordered, () => editor.chain().focus().toggleOrderedList().run(), "format-ordered-list", "1.")}
        {toolButton(e.quote, view?.quote, () => editor.chain().focus().toggleBlockquote().run(), "format-quote", "❝")}
        {toolButton(e.undo, undefined, () => editor.chain().focus().undo().run(), "format-undo", "↶", !view?.canUndo)}
        {toolButton(e.redo, undefined, () => editor.chain().focus().redo().run(), "format-redo", "↷", !view?.canRedo)}
        <span className="ml-auto flex items-center gap-3">
          {can("autoComplete") && (
            <label className="flex items-center gap-1.5 text-xs text-slate-600">
              <input
                type="checkbox"
                checked={autocompleteOn}
                onChange={(ev) => {
                  setAutocompleteOn(ev.target.checked);
                  window.localStorage.setItem(AUTOCOMPLETE_PREF, ev.target.checked ? "on" : "off");
                  if (!ev.target.checked) editor.view.dispatch(setGhost(editor.state.tr, null));
                }}
                data-testid="autocomplete-toggle"
              />
              {e.autocomplete}
            </label>
          )}
          {can("grammarCheck") && (
            <button
              type="button"
              onClick={() => void runGrammarCheck()}
              disabled={grammar.status === "checking"}
              className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
              data-testid="grammar-check"
            >
              {grammar.status === "checking" ? e.checking : e.checkGrammar}
            </button>
          )}
        </span>
      </div>

      {grammar.status === "done" && (
        <section aria-label={e.checkGrammar} className="border-b border-slate-200 bg-rose-50/40 px-3 py-2 text-sm" data-testid="grammar-panel">
          <div className="flex items-center justify-between">
            <p role="status" className="font-medium text-slate-700" data-testid="grammar-summary">
              {openIssues.length ? fill(e.grammarFound, { n: openIssues.length }) : e.grammarNone}
            </p>
            <button type="button" className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100" onClick={() => { editor.view.dispatch(setGrammar(editor.state.tr, { clear: true })); setGrammarState({ status: "idle", issues: [] }); }} data-testid="grammar-close">
              {e.closeIssues}
            </button>
          </div>
          {openIssues.length > 0 && (
            <ul className="mt-1 max-h-48 space-y-1 overflow-auto">
              {openIssues.map((issue) => {
                const here = located(issue.id);
                return (
                  <li key={issue.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-1" data-testid="grammar-issue">
                    <span className="text-rose-800 line-through decoration-rose-400">{issue.excerpt.length > 60 ? `${issue.excerpt.slice(0, 60)}…` : issue.excerpt}</span>
                    <span className="text-slate-600">{issue.message}</span>
                    {!here && <span className="text-xs text-slate-400">({e.notLocated})</span>}
                    {here && (
                      <button type="button" onClick={() => applyIssue(issue.id)} className="rounded bg-emerald-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-emerald-500" data-testid={`grammar-apply-${issue.id}`}>
                        {issue.replacement ? fill(e.replaceWith, { text: issue.replacement }) : fill(e.deleteText, { text: issue.excerpt })}
                      </button>
                    )}
                    <button type="button" onClick={() => ignoreIssue(issue.id)} className="rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100" data-testid={`grammar-ignore-${issue.id}`}>
                      {e.ignore}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
      {helperError && (
        <p role="alert" className="border-b border-red-200 bg-red-50 px-3 py-1.5 text-sm text-red-800" data-testid="helper-error">
          {helperError}
        </p>
      )}

      <EditorContent editor={editor} />

      {showMenu && (
        <div
          role="toolbar"
          aria-label={e.aiMenu}
          className="absolute z-20 flex -translate-y-full flex-wrap items-center gap-1 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
          style={{ top: selectionTop.top - box.top - 6, left: Math.max(4, Math.min(selectionTop.left - box.left, box.width - 420)) }}
          data-testid="selection-menu"
        >
          {INSTRUCTIONS.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              onMouseDown={(ev) => ev.preventDefault()}
              onClick={() => void ask(id)}
              className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-indigo-50 hover:text-indigo-800"
              data-testid={`ai-${id}`}
            >
              {e[label]}
            </button>
          ))}
          {!customOpen ? (
            <button type="button" onMouseDown={(ev) => ev.preventDefault()} onClick={() => setCustomOpen(true)} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-indigo-50" data-testid="ai-custom">
              {e.custom}
            </button>
          ) : (
            <form
              className="flex items-center gap-1"
              onSubmit={(ev) => {
                ev.preventDefault();
                if (custom.trim()) void ask("custom", custom.trim());
              }}
            >
              <label className="sr-only" htmlFor="ai-custom-input">
                {e.customLabel}
              </label>
              {/* biome-ignore lint/a11y/noAutofocus: the field the writer just opened */}
              <input id="ai-custom-input" autoFocus value={custom} onChange={(ev) => setCustom(ev.target.value)} maxLength={500} placeholder={e.customPlaceholder} className="w-52 rounded border border-slate-300 px-2 py-1 text-sm" data-testid="ai-custom-input" />
              <button type="submit" className="rounded bg-indigo-600 px-2 py-1 text-sm font-medium text-white hover:bg-indigo-500" data-testid="ai-custom-submit">
                {e.ask}
              </button>
            </form>
          )}
        </div>
      )}

      {proposal && (
        <div
          ref={panelRef}
          tabIndex={-1}
          role="dialog"
          aria-label={fill(e.suggestionsTitle, { instruction: proposalLabel(proposal.instruction, e) })}
          className="absolute right-3 left-3 z-30 max-h-[28rem] overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xl"
          style={{ top: targetBottom && box ? targetBottom.bottom - box.top + 8 : 48 }}
          data-testid="suggestion-panel"
        >
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{fill(e.suggestionsTitle, { instruction: proposalLabel(proposal.instruction, e) })}</p>
          <p className="mb-2">
            <span className="sr-only">{e.original}: </span>
            <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-400" data-testid="suggestion-original">
              {proposal.original.length > 400 ? `${proposal.original.slice(0, 400)}…` : proposal.original}
            </del>
          </p>
          <ol className="space-y-2" aria-live="polite" aria-busy={!proposal.done}>
            {proposal.items.map((text, index) =>
              text ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: options keep their index (0–2) for the whole request
                <li key={index} className="flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 p-2" data-testid={`suggestion-${index}`}>
                  <span className="sr-only">{fill(e.option, { n: index + 1 })}: </span>
                  <ins className="flex-1 whitespace-pre-wrap text-emerald-900 no-underline">{text}</ins>
                  <button type="button" onClick={() => accept(index)} className="shrink-0 rounded bg-emerald-600 px-2.5 py-1 text-xs font-semibold text-white hover:bg-emerald-500" data-testid={`suggestion-accept-${index}`}>
                    {e.accept}
                  </button>
                </li>
              ) : null,
            )}
          </ol>
          {!proposal.done && <p className="mt-2 animate-pulse text-slate-500" data-testid="suggestion-loading">{e.thinking}</p>}
          {proposal.done && !proposal.error && proposal.items.filter(Boolean).length === 0 && <p className="mt-2 text-slate-500">{e.noSuggestions}</p>}
          {proposal.error && (
            <p role="alert" className="mt-2 text-red-700" data-testid="suggestion-error">
              {proposal.error}
            </p>
          )}
          <div className="mt-3 flex justify-end">
            <button type="button" onClick={() => closeProposal(true)} className="rounded border border-slate-300 px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50" data-testid="suggestion-reject">
              {e.reject}
            </button>
          </div>
        </div>
      )}

      {popover && popoverIssue && (
        <div role="dialog" aria-label={popoverIssue.message} className="absolute z-30 w-72 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg" style={{ top: popover.top, left: popover.left }} data-testid="grammar-popover">
          <p className="text-slate-700">{popoverIssue.message}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button type="button" onClick={() => applyIssue(popoverIssue.id)} className="rounded bg-emerald-600 px-2 py-1 text-xs font-semibold text-white hover:bg-emerald-500" data-testid="grammar-popover-apply">
              {popoverIssue.replacement ? fill(e.replaceWith, { text: popoverIssue.replacement }) : fill(e.deleteText, { text: popoverIssue.excerpt })}
            </button>
            <button type="button" onClick={() => ignoreIssue(popoverIssue.id)} className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100" data-testid="grammar-popover-ignore">
              {e.ignore}
            </button>
          </div>
        </div>
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

function proposalLabel(instruction: Instruction, e: Dictionary["editor"]): string {
  return { improve: e.improve, shorten: e.shorten, expand: e.expand, fix_grammar: e.fixGrammar, custom: e.custom.replace(/…$/, "") }[instruction];
}
