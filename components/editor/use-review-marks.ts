"use client";
// Suggestion mode in the editor: the pending AI changes drawn in the document (proposal-marks.ts), placed afresh
// when the document is the stored text they were computed on, restyled in place otherwise; a decision redraws
// its change and its button keeps the keyboard focus.
import { DOMSerializer } from "@tiptap/pm/model";
import type { Editor } from "@tiptap/react";
import { useEffect, useMemo, useRef } from "react";
import { EXTERNAL } from "@/components/editor/editor-shared";
import { type createMarkdownManager, parseMarkdown } from "@/components/editor/markdown";
import {
  type ReviewChange,
  type ReviewDecision,
  type ReviewHandlers,
  restyle,
  reviewDecorations,
  reviewKey,
  setReview,
} from "@/components/editor/proposal-marks";

/** AI changes to show in the text: offsets in `markdown`, the stored text the document was loaded from. */
export interface ReviewInput {
  markdown: string;
  /** The document has no edits beyond `markdown` (marks are placed afresh; otherwise they keep their places). */
  inSync: boolean;
  changes: ReviewChange[];
}

export function useReviewMarks({
  editor,
  manager,
  review,
  onDecide,
  labels: p,
}: {
  editor: Editor | null;
  manager: ReturnType<typeof createMarkdownManager>;
  review: ReviewInput | null | undefined;
  onDecide?: (change: ReviewChange, decision: ReviewDecision | null) => void;
  labels: ReviewHandlers["labels"];
}) {
  const editorRef = useRef(editor);
  editorRef.current = editor;
  const decideRef = useRef(onDecide);
  decideRef.current = onDecide;
  const reviewHandlers = useMemo<ReviewHandlers>(
    () => ({
      decide: (change, decision) => decideRef.current?.(change, decision),
      render: (markdown, inline) => {
        const box = document.createElement(inline ? "span" : "div");
        if (inline && !/[*_`[\]\\<]/.test(markdown)) {
          box.textContent = markdown;
          return box;
        }
        const doc = editorRef.current?.schema.nodeFromJSON(parseMarkdown(manager, markdown));
        if (!doc || !editorRef.current) return box;
        const serializer = DOMSerializer.fromSchema(editorRef.current.schema);
        const first = doc.firstChild;
        const inlineOnly = inline && doc.childCount === 1 && first?.type.name === "paragraph";
        box.append(serializer.serializeFragment(inlineOnly && first ? first.content : doc.content));
        return box;
      },
      labels: { accept: p.accept, reject: p.reject, acceptChange: p.acceptChange, rejectChange: p.rejectChange, conflict: p.conflict, ai: p.ai },
    }),
    [manager, p],
  );
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const changes = review?.changes ?? [];
    const current = reviewKey.getState(editor.state);
    let set = current;
    if (changes.length === 0) set = undefined;
    else if (review?.inSync) {
      set = reviewDecorations({
        doc: editor.state.doc,
        markdown: review.markdown,
        tokens: manager.instance.lexer(review.markdown),
        changes,
        handlers: reviewHandlers,
      });
    } else if (current) set = restyle(current, editor.state.doc, changes, reviewHandlers);
    // A decision redraws its change: the button that was pressed keeps the focus.
    const active = document.activeElement;
    const focused =
      active instanceof HTMLElement && !editor.isDestroyed && editor.view.dom.contains(active) && active.dataset.testid?.startsWith("proposal-mark-")
        ? { key: active.closest<HTMLElement>("[data-change-key]")?.dataset.changeKey, testId: active.dataset.testid }
        : null;
    const tr = editor.state.tr.setMeta(EXTERNAL, true).setMeta("addToHistory", false);
    editor.view.dispatch(set ? setReview(tr, { set }) : setReview(tr, { clear: true }));
    if (focused?.key) {
      const box = Array.from(editor.view.dom.querySelectorAll<HTMLElement>("[data-change-key]")).find((el) => el.dataset.changeKey === focused.key);
      box?.querySelector<HTMLElement>(`[data-testid="${focused.testId}"]`)?.focus();
    }
  }, [editor, review, manager, reviewHandlers]);
}
