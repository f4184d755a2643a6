"use client";
// Autosave of the research outline, like the article's: debounced while the writer types, one save at a time
// (each sends the newest sections when its turn comes), and flushed before any action the session panel sends
// (pending-saves.ts), so Approve carries edits made a moment before. It saves through the outline's action,
// update_outline, which marks what the writer added or changed as theirs.
import { useCallback, useEffect, useRef, useState } from "react";
import { registerPendingSave } from "@/components/workspace/pending-saves";
import { keepUnsavedEdits } from "@/lib/genflow/outline-merge";

export type OutlineDraft = { id: string; title: string; points: string[] };
export type OutlineSaveStatus = "saved" | "dirty" | "saving" | "invalid" | "error";

/** What the server stores for these sections (it trims titles): equal keys need no save. */
const keyOf = (sections: OutlineDraft[]) => JSON.stringify(sections.map((s) => [s.id, s.title.trim(), s.points.map((p) => p.trim())]));

async function postOutline(sessionId: string, sections: OutlineDraft[]): Promise<string | null> {
  try {
    const res = await fetch(`/api/genflow/sessions/${sessionId}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        action: "update_outline",
        parameters: { sections: sections.map((s) => ({ id: s.id, title: s.title.trim(), points: s.points })) },
        idempotencyKey: crypto.randomUUID(),
      }),
    });
    if (res.ok) return null;
    const body: unknown = await res.json().catch(() => null);
    const message =
      body && typeof body === "object" && "error" in body && body.error && typeof body.error === "object" && "message" in body.error
        ? String(body.error.message)
        : null;
    return message ?? `HTTP ${res.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function useOutlineAutosave({
  sessionId,
  stored,
  sections,
  replace,
  messages,
  delayMs = 800,
}: {
  sessionId: string;
  /** The outline as the server last sent it. */
  stored: OutlineDraft[];
  /** The writer's sections now. */
  sections: OutlineDraft[];
  /** Puts a newer stored outline (research ran again, another tab saved) in the editor. */
  replace: (sections: OutlineDraft[]) => void;
  messages: { needsTitle: string; saveFailed: (reason: string) => string };
  delayMs?: number;
}) {
  const [status, setStatus] = useState<OutlineSaveStatus>("saved");
  const [message, setMessage] = useState<string | null>(null);
  const latest = useRef(sections);
  const savedKey = useRef(keyOf(stored));
  // The sections behind savedKey: what the writer's unsaved edits are edits of.
  const savedSections = useRef(stored);
  // Every outline this editor saved: a session read that left before a later save comes back with an earlier
  // one, which is not news to take over the writer's newer text.
  const sentKeys = useRef(new Set([savedKey.current]));
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  const saveNow = useCallback((): Promise<string | null> => {
    clearTimeout(timer.current);
    const turn = queue.current.then(async () => {
      const snapshot = latest.current;
      const key = keyOf(snapshot);
      if (key === savedKey.current) {
        setStatus("saved");
        return null;
      }
      if (snapshot.some((s) => !s.title.trim())) {
        setStatus("invalid");
        setMessage(messagesRef.current.needsTitle);
        return messagesRef.current.needsTitle;
      }
      setStatus("saving");
      const problem = await postOutline(sessionId, snapshot);
      if (problem) {
        const text = messagesRef.current.saveFailed(problem);
        setStatus("error");
        setMessage(text);
        return text;
      }
      sentKeys.current.add(key);
      savedKey.current = key;
      savedSections.current = snapshot;
      setMessage(null);
      setStatus(keyOf(latest.current) === key ? "saved" : "dirty");
      return null;
    });
    queue.current = turn;
    return turn;
  }, [sessionId]);

  // The writer changed something: save once they pause.
  useEffect(() => {
    latest.current = sections;
    if (keyOf(sections) === savedKey.current) return;
    setStatus((s) => (s === "saving" ? s : "dirty"));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), delayMs);
  }, [sections, saveNow, delayMs]);

  // The server's outline changed: take it, with the writer's unsaved edits here kept in it (never dropped, never
  // saved over the fresh outline wholesale); the merged outline then saves like any edit.
  useEffect(() => {
    const key = keyOf(stored);
    if (key === savedKey.current || sentKeys.current.has(key)) return;
    const unsaved = keyOf(latest.current) !== savedKey.current;
    const next = unsaved ? keepUnsavedEdits({ saved: savedSections.current, mine: latest.current, fresh: stored }) : stored;
    savedKey.current = key;
    savedSections.current = stored;
    latest.current = next;
    replace(next);
    setStatus(keyOf(next) === key ? "saved" : "dirty");
  }, [stored, replace]);

  // Approve, a re-run of research (any action the panel sends) first saves what is unsaved here.
  useEffect(() => registerPendingSave(saveNow), [saveNow]);
  // Leaving the stage or the page with a pending save: send it now rather than drop it.
  useEffect(
    () => () => {
      if (keyOf(latest.current) !== savedKey.current) void saveNow();
    },
    [saveNow],
  );

  return { status, message, saveNow };
}
