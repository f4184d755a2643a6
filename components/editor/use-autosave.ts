"use client";
// Autosave of the writer's edits at a base version. Debounced while typing, flushed on blur, retried when
// offline; a stale base comes back as a conflict that the writer resolves (the text is never overwritten
// silently in either direction). Unsaved text is also kept in localStorage, so a reload, a crash or the
// workspace remounting at a new version (a run finished) cannot lose it.
import { useCallback, useEffect, useRef, useState } from "react";
import type { SaveState } from "@/lib/actions/articles";

export type SaveStatus = "idle" | "dirty" | "saving" | "saved" | "offline" | "error" | "conflict";

export interface Snapshot {
  title: string;
  content: string;
}

export interface Conflict {
  theirs: Snapshot;
  currentVersion: number;
}

interface Backup extends Snapshot {
  baseVersion: number;
  at: number;
}

type SaveFn = (input: { articleId: string; baseVersion: number; title: string; content: string }) => Promise<SaveState>;

const backupKey = (articleId: string) => `genflow:unsaved:${articleId}`;

function readBackup(articleId: string): Backup | null {
  try {
    const raw = window.localStorage.getItem(backupKey(articleId));
    return raw ? (JSON.parse(raw) as Backup) : null;
  } catch {
    return null;
  }
}

function writeBackup(articleId: string, backup: Backup | null) {
  try {
    if (backup) window.localStorage.setItem(backupKey(articleId), JSON.stringify(backup));
    else window.localStorage.removeItem(backupKey(articleId));
  } catch {
    // storage full or disabled: the server copy is all there is
  }
}

const same = (a: Snapshot, b: Snapshot) => a.title === b.title && a.content === b.content;

export function useAutosave({
  articleId,
  initialVersion,
  initial,
  read,
  apply,
  save,
  delayMs = 1500,
}: {
  articleId: string;
  initialVersion: number;
  initial: Snapshot;
  /** The writer's current title and Markdown. */
  read: () => Snapshot;
  /** Replaces the editor's title and content (taking the other version, restoring a backup). */
  apply: (snapshot: Snapshot) => void;
  save: SaveFn;
  delayMs?: number;
}) {
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [version, setVersion] = useState(initialVersion);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);

  const initialRef = useRef(initial);
  const versionRef = useRef(initialVersion);
  const savedRef = useRef<Snapshot>(initial);
  const conflictRef = useRef<Conflict | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retryDelay = useRef(2000);
  const readRef = useRef(read);
  const applyRef = useRef(apply);
  const saveRef = useRef(save);
  readRef.current = read;
  applyRef.current = apply;
  saveRef.current = save;

  const setCurrentVersion = useCallback((v: number) => {
    versionRef.current = v;
    setVersion(v);
  }, []);
  const showConflict = useCallback((c: Conflict | null) => {
    conflictRef.current = c;
    setConflict(c);
  }, []);
  const clearTimer = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  const backupIfDirty = useCallback(() => {
    const now = readRef.current();
    if (same(now, savedRef.current)) writeBackup(articleId, null);
    else writeBackup(articleId, { ...now, baseVersion: versionRef.current, at: Date.now() });
  }, [articleId]);

  const flush = useCallback(async (): Promise<void> => {
    clearTimer();
    if (conflictRef.current) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const snapshot = readRef.current();
    if (same(snapshot, savedRef.current)) {
      writeBackup(articleId, null);
      setStatus((s) => (s === "dirty" || s === "offline" || s === "error" ? "saved" : s));
      return;
    }
    writeBackup(articleId, { ...snapshot, baseVersion: versionRef.current, at: Date.now() });
    inFlight.current = true;
    setStatus("saving");
    let result: SaveState;
    try {
      result = await saveRef.current({ articleId, baseVersion: versionRef.current, ...snapshot });
    } catch {
      // The request never reached the server (or it failed): keep the text, retry with backoff.
      inFlight.current = false;
      const offline = typeof navigator !== "undefined" && navigator.onLine === false;
      setStatus(offline ? "offline" : "error");
      setMessage(null);
      timer.current = setTimeout(() => void flush(), retryDelay.current);
      retryDelay.current = Math.min(retryDelay.current * 2, 30_000);
      return;
    }
    inFlight.current = false;
    retryDelay.current = 2000;
    if (result.status === "saved") {
      setCurrentVersion(result.version);
      savedRef.current = snapshot;
      setMessage(null);
      if (same(readRef.current(), snapshot)) {
        writeBackup(articleId, null);
        setStatus("saved");
      } else {
        // Typed on while saving: the rest goes in the next save.
        writeBackup(articleId, { ...readRef.current(), baseVersion: versionRef.current, at: Date.now() });
        setStatus("dirty");
        again.current = true;
      }
    } else if (result.status === "conflict") {
      showConflict({ theirs: result.current, currentVersion: result.currentVersion });
      setStatus("conflict");
      again.current = false;
    } else {
      setStatus("error");
      setMessage(result.message);
      again.current = false;
    }
    if (again.current) {
      again.current = false;
      timer.current = setTimeout(() => void flush(), 50);
    }
  }, [articleId, clearTimer, setCurrentVersion, showConflict]);

  /** The writer changed the title or the text. */
  const changed = useCallback(() => {
    if (conflictRef.current) {
      backupIfDirty();
      return;
    }
    setStatus("dirty");
    clearTimer();
    timer.current = setTimeout(() => void flush(), delayMs);
  }, [delayMs, flush, backupIfDirty, clearTimer]);

  /** The editor normalizes Markdown on load: that form is the saved one, not a change of the writer's. */
  const setBaseline = useCallback((content: string) => {
    savedRef.current = { ...savedRef.current, content };
  }, []);

  /** Overwrite the other version with the writer's: save again at the version that won. */
  const keepMine = useCallback(async () => {
    const c = conflictRef.current;
    if (!c) return;
    setCurrentVersion(c.currentVersion);
    savedRef.current = c.theirs;
    showConflict(null);
    await flush();
  }, [flush, setCurrentVersion, showConflict]);

  /** Drop the writer's version for the other one. */
  const takeTheirs = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    applyRef.current(c.theirs);
    setCurrentVersion(c.currentVersion);
    savedRef.current = readRef.current();
    showConflict(null);
    writeBackup(articleId, null);
    setStatus("saved");
  }, [articleId, setCurrentVersion, showConflict]);

  /** Once the editor is ready: bring back text that was typed but never saved (reload, remount, crash). */
  const restoreUnsaved = useCallback(() => {
    const backup = readBackup(articleId);
    if (!backup) return;
    const server = savedRef.current;
    if (same(backup, server) || same(backup, readRef.current())) {
      writeBackup(articleId, null);
      return;
    }
    applyRef.current(backup);
    setRestored(true);
    if (backup.baseVersion >= versionRef.current) {
      // Typed on top of this version (or of a newer one this page has not seen yet): save it again; a
      // newer version on the server comes back as a conflict.
      setCurrentVersion(backup.baseVersion);
      changed();
    } else {
      // Saved elsewhere (or by a run) since this text was typed: let the writer choose.
      showConflict({ theirs: initialRef.current, currentVersion: versionRef.current });
      setStatus("conflict");
    }
  }, [articleId, changed, setCurrentVersion, showConflict]);

  useEffect(() => {
    const online = () => {
      if (!conflictRef.current) void flush();
    };
    // Leaving the page never prompts: unsaved text is in the backup and comes back on the next visit.
    const hide = () => backupIfDirty();
    window.addEventListener("online", online);
    window.addEventListener("pagehide", hide);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", hide);
      clearTimer();
      // Remounted (a run finished) or left: unsaved text stays in the backup for the next mount.
      backupIfDirty();
    };
  }, [flush, backupIfDirty, clearTimer]);

  return { status, version, conflict, message, restored, changed, flush, keepMine, takeTheirs, setBaseline, restoreUnsaved };
}
