"use client";
// The overlaps of a merge waiting for the writer (use-autosave): their choices one by one, then applied to the
// text as it is by then and saved. While `conflictRef` holds one, autosave holds its saves.
import { type RefObject, useCallback, useState } from "react";
import { applyChoices } from "@/components/editor/autosave-merge";
import type { Conflict, PendingMerge, Snapshot } from "@/components/editor/autosave-types";

export function useMergeChoices({
  conflictRef,
  pendingMerge,
  readRef,
  applyRef,
  flushRef,
}: {
  conflictRef: RefObject<Conflict | null>;
  pendingMerge: RefObject<PendingMerge | null>;
  readRef: RefObject<() => Snapshot>;
  applyRef: RefObject<(snapshot: Snapshot) => void>;
  flushRef: RefObject<() => Promise<void>>;
}) {
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const showConflict = useCallback(
    (c: Conflict | null) => {
      conflictRef.current = c;
      setConflict(c);
    },
    [conflictRef],
  );

  /** The writer's choice for one overlap (or the title). */
  const choose = useCallback(
    (id: string, choice: "mine" | "theirs") => {
      const c = conflictRef.current;
      if (c) showConflict({ ...c, choices: { ...c.choices, [id]: choice } });
    },
    [conflictRef, showConflict],
  );

  /** Applies the choices (an overlap not chosen keeps the writer's text) and saves. */
  const finishMerge = useCallback(async () => {
    const c = conflictRef.current;
    const pending = pendingMerge.current;
    if (!c || !pending) return;
    // What the writer typed while choosing is kept: the choices are merged into the editor's text as it is now.
    const now = readRef.current();
    const { title, content } = await applyChoices({ ...pending, conflict: c, now });
    if (content !== now.content || title !== now.title) applyRef.current({ title, content });
    pendingMerge.current = null;
    showConflict(null);
    await flushRef.current();
  }, [conflictRef, pendingMerge, readRef, applyRef, flushRef, showConflict]);

  return { conflict, showConflict, choose, finishMerge };
}
