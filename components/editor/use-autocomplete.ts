// Autocomplete: after a pause at the end of a paragraph, ghost text that Tab accepts and Escape dismisses.
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { streamAutocomplete } from "@/components/editor/ai-client";
import { errorText, EXTERNAL } from "@/components/editor/editor-shared";
import { ghostOf, setGhost } from "@/components/editor/plugins";
import type { Capability } from "@/lib/genflow/stages";

const AUTOCOMPLETE_PAUSE_MS = 900;
const AUTOCOMPLETE_PREF = "genflow:autocomplete";

export function useAutocomplete(editor: Editor | null, sessionId: string | null, language: "en" | "zh", can: (c: Capability) => boolean) {
  const completeAbort = useRef<AbortController | null>(null);
  const completeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [autocompleteOn, setAutocompleteOn] = useState(true);

  useEffect(() => {
    setAutocompleteOn(window.localStorage.getItem(AUTOCOMPLETE_PREF) !== "off");
  }, []);

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
      // Escape, a blur, an edit or a cursor move since the request: it is not wanted any more.
      if (controller.signal.aborted || editor.isDestroyed || editor.state.doc !== doc || !editor.isFocused) return;
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
    };
    // Leaving the editor drops the ghost text and whatever was on its way.
    const onBlur = () => {
      cancelCompletion();
      if (!editor.isDestroyed && ghostOf(editor.state)) editor.view.dispatch(setGhost(editor.state.tr, null));
    };
    // Escape before the completion arrives cancels it (once it is shown, the ghost plugin dismisses it).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape" && (completeTimer.current || completeAbort.current)) cancelCompletion();
    };
    // The view's element exists once the editor is mounted (isDestroyed is true until then), which may be after
    // this effect runs: listen from the mount on.
    let dom: HTMLElement | null = null;
    const listen = () => {
      if (dom || editor.isDestroyed) return;
      dom = editor.view.dom;
      dom.addEventListener("keydown", onKeyDown);
    };
    listen();
    editor.on("mount", listen);
    editor.on("update", onUpdate);
    editor.on("selectionUpdate", onSelection);
    editor.on("blur", onBlur);
    return () => {
      editor.off("mount", listen);
      editor.off("update", onUpdate);
      editor.off("selectionUpdate", onSelection);
      editor.off("blur", onBlur);
      dom?.removeEventListener("keydown", onKeyDown);
      cancelCompletion();
    };
  }, [editor, autocompleteOn, can, requestCompletion, cancelCompletion]);

  /** The writer's toggle: remembered in this browser; turning it off drops the ghost text. */
  const changeAutocomplete = (checked: boolean) => {
    setAutocompleteOn(checked);
    window.localStorage.setItem(AUTOCOMPLETE_PREF, checked ? "on" : "off");
    if (!checked && editor) editor.view.dispatch(setGhost(editor.state.tr, null));
  };

  return { autocompleteOn, changeAutocomplete };
}
