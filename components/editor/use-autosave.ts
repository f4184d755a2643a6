"use client";
// Autosave of the writer's edits at a base version. Debounced while typing, flushed on blur, retried when
// offline. A newer version saved elsewhere (another tab, an accepted AI change) is merged, never overwritten in
// either direction: an idle editor takes it in place; a dirty one merges base → theirs → mine three-way
// (lib/genflow/merge.ts), applies what merges cleanly and asks only about overlapping changes. Unsaved text is
// also kept in localStorage, so a reload, a crash or a remount cannot lose it.
import { useCallback, useRef, useState } from "react";
import type { Conflict, PendingMerge, SaveFn, SaveStatus, Snapshot } from "@/components/editor/autosave-types";
import { useLeaveAndReconnect } from "@/components/editor/autosave-types";
import { readBackup, same, writeBackup } from "@/components/editor/autosave-backup";
import { threeWay } from "@/components/editor/autosave-merge";
import { useMergeChoices } from "@/components/editor/use-merge-choices";
import type { SaveSource, SaveState } from "@/lib/actions/articles";

export type { Conflict, SaveStatus, Snapshot };

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
  /** Replaces the editor's title and content (a merge, a newer version, restoring a backup). */
  apply: (snapshot: Snapshot) => void;
  save: SaveFn;
  delayMs?: number;
}) {
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [version, setVersion] = useState(initialVersion);
  const [message, setMessage] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  /** The version a merge or an update in place brought in (for a notice). */
  const [merged, setMerged] = useState<{ version: number; withMine: boolean } | null>(null);

  const versionRef = useRef(initialVersion);
  const savedRef = useRef<Snapshot>(initial);
  const sourceRef = useRef<SaveSource | undefined>(undefined);
  const inFlight = useRef(false);
  const again = useRef(false);
  const incomingRef = useRef<{ snapshot: Snapshot; version: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retryDelay = useRef(2000);
  const flushRef = useRef<() => Promise<void>>(async () => {});
  const readRef = useRef(read);
  const applyRef = useRef(apply);
  const saveRef = useRef(save);
  readRef.current = read;
  applyRef.current = apply;
  saveRef.current = save;

  const conflictRef = useRef<Conflict | null>(null);
  const pendingMerge = useRef<PendingMerge | null>(null);
  const { conflict, showConflict, choose, finishMerge } = useMergeChoices({ conflictRef, pendingMerge, readRef, applyRef, flushRef });

  const setCurrentVersion = useCallback((v: number) => {
    versionRef.current = v;
    setVersion(v);
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

  /**
   * A newer version (theirs) than the one the writer's text is based on. Idle: taken in place. Dirty: merged;
   * clean merges are saved at once, overlaps wait for the writer (autosave holds until they have chosen).
   */
  const reconcile = useCallback(
    async (theirs: Snapshot, theirsVersion: number, base: Snapshot = savedRef.current) => {
      if (same(readRef.current(), base)) {
        setCurrentVersion(theirsVersion);
        applyRef.current(theirs);
        savedRef.current = readRef.current();
        writeBackup(articleId, null);
        setStatus("saved");
        setMerged({ version: theirsVersion, withMine: false });
        return;
      }
      // Nothing saves while the merge is worked out (a flush sees the conflict guard). The version moves on only
      // once the merge is done: a failed merge keeps the old one, so the next save comes back stale and is merged
      // again instead of overwriting theirs.
      const holding: Conflict = { theirs, currentVersion: theirsVersion, overlaps: [], titleOverlap: null, choices: {} };
      conflictRef.current = holding;
      let mine = readRef.current();
      let merge: Awaited<ReturnType<typeof threeWay>>;
      try {
        merge = await threeWay(base, theirs, mine);
        // Typed on while the merge code loaded: merged again with what is there now.
        if (!same(mine, readRef.current())) {
          mine = readRef.current();
          merge = await threeWay(base, theirs, mine);
        }
      } catch (error) {
        setStatus("error");
        setMessage(error instanceof Error ? error.message : String(error));
        return;
      } finally {
        if (conflictRef.current === holding) conflictRef.current = null;
      }
      setCurrentVersion(theirsVersion);
      const { overlaps, titleOverlap, provisional } = merge;
      savedRef.current = theirs;
      if (!same(provisional, mine)) applyRef.current(provisional);
      setMerged({ version: theirsVersion, withMine: true });
      if (overlaps.length === 0 && !titleOverlap) {
        setStatus("dirty");
        clearTimer();
        timer.current = setTimeout(() => void flushRef.current(), 50);
        return;
      }
      pendingMerge.current = { base, mine, provisional };
      showConflict({ theirs, currentVersion: theirsVersion, overlaps, titleOverlap, choices: {} });
      setStatus("conflict");
      writeBackup(articleId, { ...readRef.current(), baseVersion: theirsVersion, at: Date.now() });
    },
    [articleId, clearTimer, setCurrentVersion, showConflict],
  );

  const flush = useCallback(async (): Promise<void> => {
    clearTimer();
    if (conflictRef.current) {
      // Nothing is saved now: an AI source asked for this save must not stick to the writer's next one.
      sourceRef.current = undefined;
      return;
    }
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const snapshot = readRef.current();
    if (same(snapshot, savedRef.current)) {
      writeBackup(articleId, null);
      sourceRef.current = undefined;
      setStatus((s) => (s === "dirty" || s === "offline" || s === "error" ? "saved" : s));
      return;
    }
    writeBackup(articleId, { ...snapshot, baseVersion: versionRef.current, at: Date.now() });
    inFlight.current = true;
    setStatus("saving");
    const source = sourceRef.current;
    sourceRef.current = undefined;
    let result: SaveState;
    try {
      result = await saveRef.current({ articleId, baseVersion: versionRef.current, ...snapshot, ...(source ? { source } : {}) });
    } catch {
      // The request never reached the server (or it failed): keep the text, retry with backoff.
      inFlight.current = false;
      sourceRef.current ??= source;
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
      again.current = false;
      await reconcile(result.current, result.currentVersion);
    } else {
      setStatus("error");
      setMessage(result.message);
      again.current = false;
    }
    const incoming = incomingRef.current;
    incomingRef.current = null;
    if (incoming && incoming.version > versionRef.current) await reconcile(incoming.snapshot, incoming.version);
    if (again.current) {
      again.current = false;
      timer.current = setTimeout(() => void flush(), 50);
    }
  }, [articleId, clearTimer, setCurrentVersion, reconcile]);
  flushRef.current = flush;

  /** A version saved elsewhere (live sync): merged with the writer's text, or waiting for the save in flight. */
  const incoming = useCallback(
    (snapshot: Snapshot, theirsVersion: number) => {
      if (theirsVersion <= versionRef.current || conflictRef.current) return;
      if (inFlight.current) {
        incomingRef.current = { snapshot, version: theirsVersion };
        return;
      }
      clearTimer();
      void reconcile(snapshot, theirsVersion);
    },
    [clearTimer, reconcile],
  );

  /** Saves now, the next save recorded with an AI source (an accepted suggestion or grammar fix). */
  const flushAs = useCallback(
    async (source: SaveSource) => {
      sourceRef.current = source;
      await flush();
    },
    [flush],
  );

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

  /**
   * A version the page applied itself (an accepted proposal), made from the text saved at the version before.
   * Taken in place when the writer has not typed since; otherwise merged like a version saved elsewhere (base =
   * that saved text), so keystrokes typed while the request was in flight are kept.
   */
  const adopt = useCallback(
    (snapshot: Snapshot, v: number) => {
      if (v <= versionRef.current) return;
      if (inFlight.current) {
        incomingRef.current = { snapshot, version: v };
        return;
      }
      clearTimer();
      void reconcile(snapshot, v);
    },
    [clearTimer, reconcile],
  );

  /** Once the editor is ready: bring back text that was typed but never saved (reload, remount, crash). */
  const restoreUnsaved = useCallback(
    (loadVersion?: (version: number) => Promise<Snapshot | null>) => {
      const backup = readBackup(articleId);
      if (!backup) return;
      const server = savedRef.current;
      if (same(backup, server) || same(backup, readRef.current())) {
        writeBackup(articleId, null);
        return;
      }
      setRestored(true);
      if (backup.baseVersion >= versionRef.current) {
        // Typed on top of this version (or of a newer one this page has not seen yet): save it again; a
        // newer version on the server comes back as a stale save and is merged.
        applyRef.current(backup);
        setCurrentVersion(backup.baseVersion);
        changed();
        return;
      }
      // Saved elsewhere (or by a run) since this text was typed: merge it onto this version from its own base.
      // When that base cannot be read, nothing counts as unchanged: an empty base makes every difference an
      // overlap for the writer to decide, never a clean change that would overwrite newer work.
      const theirs = server;
      const theirsVersion = versionRef.current;
      const unknownBase: Snapshot = { title: "", content: "" };
      void (loadVersion?.(backup.baseVersion) ?? Promise.resolve(null))
        .catch(() => null)
        .then((base) => {
          applyRef.current(backup);
          versionRef.current = backup.baseVersion;
          return reconcile(theirs, theirsVersion, base ?? unknownBase);
        });
    },
    [articleId, changed, setCurrentVersion, reconcile],
  );

  // Stable (the listeners' effect re-runs, and backs up, whenever one of these changes).
  const blocked = useCallback(() => conflictRef.current !== null, []);
  useLeaveAndReconnect({ flush, backupIfDirty, clearTimer, blocked });

  const isClean = useCallback(() => !conflictRef.current && same(readRef.current(), savedRef.current), []);
  const saving = useCallback(() => inFlight.current, []);
  /** The text as last saved (or loaded) at `version`. */
  const saved = useCallback(() => savedRef.current, []);
  /** The version the saved text is at, as of now (the rendered `version` lags behind an await). */
  const currentVersion = useCallback(() => versionRef.current, []);

  return {
    status,
    version,
    conflict,
    merged,
    message,
    restored,
    changed,
    flush,
    flushAs,
    incoming,
    adopt,
    choose,
    finishMerge,
    setBaseline,
    restoreUnsaved,
    isClean,
    saving,
    saved,
    currentVersion,
  };
}
