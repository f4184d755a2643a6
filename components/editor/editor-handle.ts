// The handle the article editor drives the rich-text editor through (loading, saving, merges). Imported by
// rich-editor only, so Tiptap stays in the editor's own chunk.
import type { Editor } from "@tiptap/react";
import { EXTERNAL } from "@/components/editor/editor-shared";
import { type createMarkdownManager, parseMarkdown, serializeMarkdown } from "@/components/editor/markdown";

export interface EditorApi {
  getMarkdown: () => string;
  /** Replaces the text (not a writer's edit: no autosave), keeping the cursor where it was as far as it can. */
  setMarkdown: (markdown: string) => void;
  setEditable: (editable: boolean) => void;
  focus: () => void;
}

export function editorHandle(editor: Editor, manager: ReturnType<typeof createMarkdownManager>): EditorApi {
  return {
    getMarkdown: () => serializeMarkdown(manager, editor.getJSON()),
    setMarkdown: (markdown) => {
      const { from, to } = editor.state.selection;
      editor.chain().setMeta(EXTERNAL, true).setMeta("addToHistory", false).setContent(parseMarkdown(manager, markdown), { emitUpdate: false }).run();
      const size = editor.state.doc.content.size;
      try {
        editor
          .chain()
          .setMeta(EXTERNAL, true)
          .setTextSelection({ from: Math.min(from, size), to: Math.min(to, size) })
          .run();
      } catch {
        // the old position is not a text position in the new document: the cursor goes to the start
      }
    },
    setEditable: (editable) => editor.setEditable(editable, false),
    focus: () => editor.commands.focus(),
  };
}
