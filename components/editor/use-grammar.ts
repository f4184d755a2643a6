// Grammar check: issues underlined in the text; click (or the list) to apply the replacement.
import type { Editor } from "@tiptap/react";
import { type RefObject, useCallback, useEffect, useState } from "react";
import { checkGrammar } from "@/components/editor/ai-client";
import { type EditorStrings, errorText, fill, type IssueRow } from "@/components/editor/editor-shared";
import { type AiHandlers, grammarRange, plainTextWithPositions, setGrammar } from "@/components/editor/plugins";

interface Options {
  editor: Editor | null;
  sessionId: string | null;
  e: EditorStrings;
  wrapperRef: RefObject<HTMLDivElement | null>;
  setHelperError: (message: string | null) => void;
}

export function useGrammar({ editor, sessionId, e, wrapperRef, setHelperError }: Options) {
  const [grammar, setGrammarState] = useState<{ status: "idle" | "checking" | "done"; issues: IssueRow[] }>({ status: "idle", issues: [] });
  const [popover, setPopover] = useState<{ id: string; top: number; left: number } | null>(null);

  useEffect(() => {
    if (!editor) return;
    // A cursor moved out of the issue closes its popover.
    const onSelection = () => {
      setPopover((p) => {
        if (!p) return p;
        const range = grammarRange(editor.state, p.id);
        const head = editor.state.selection.head;
        return range && head >= range.from && head <= range.to ? p : null;
      });
    };
    editor.on("selectionUpdate", onSelection);
    return () => {
      editor.off("selectionUpdate", onSelection);
    };
  }, [editor]);

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
        const start =
          issue.offset && now.text.slice(issue.offset.start, issue.offset.end) === issue.excerpt ? issue.offset.start : now.text.indexOf(issue.excerpt);
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
  }, [editor, sessionId, e.helperFailed, setHelperError]);

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

  const closeIssues = () => {
    if (!editor) return;
    editor.view.dispatch(setGrammar(editor.state.tr, { clear: true }));
    setGrammarState({ status: "idle", issues: [] });
  };

  const onGrammarClick: NonNullable<AiHandlers["onGrammarClick"]> = (id, pmView, pos) => {
    const box = wrapperRef.current?.getBoundingClientRect();
    const coords = pmView.coordsAtPos(pos);
    if (!box) return;
    setPopover({ id, top: coords.bottom - box.top + 6, left: Math.max(0, Math.min(coords.left - box.left, box.width - 288)) });
  };

  return { grammar, popover, setPopover, runGrammarCheck, applyIssue, ignoreIssue, closeIssues, onGrammarClick };
}
