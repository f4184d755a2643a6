"use client";
// The shapes autosave works with (use-autosave and its merge helpers), and its page-level listeners.
import { useEffect } from "react";
import type { SaveSource, SaveState } from "@/lib/actions/articles";
import type { ProposalChange } from "@/lib/genflow/merge";

export type SaveStatus = "idle" | "dirty" | "saving" | "saved" | "offline" | "error" | "conflict";

export interface Snapshot {
  title: string;
  content: string;
}

/** Overlapping changes of a merge, waiting for the writer (the rest is already merged). */
export interface Conflict {
  theirs: Snapshot;
  currentVersion: number;
  /** Overlaps in the text: `current` is theirs, `proposed` is the writer's. */
  overlaps: ProposalChange[];
  /** Both changed the title differently. */
  titleOverlap: { mine: string; theirs: string } | null;
  choices: Record<string, "mine" | "theirs">;
}

export interface PendingMerge {
  base: Snapshot;
  mine: Snapshot;
  /** What the editor was given: the clean merge, with the writer's side of each overlap. */
  provisional: Snapshot;
}

export type SaveFn = (input: { articleId: string; baseVersion: number; title: string; content: string; source?: SaveSource }) => Promise<SaveState>;

/**
 * Back online: save what waited (unless an overlap waits for the writer). Leaving the page never prompts: unsaved
 * text is in the backup and comes back on the next visit; so is it on a remount.
 */
export function useLeaveAndReconnect({
  flush,
  backupIfDirty,
  clearTimer,
  blocked,
}: {
  flush: () => Promise<void>;
  backupIfDirty: () => void;
  clearTimer: () => void;
  blocked: () => boolean;
}) {
  useEffect(() => {
    const online = () => {
      if (!blocked()) void flush();
    };
    const hide = () => backupIfDirty();
    window.addEventListener("online", online);
    window.addEventListener("pagehide", hide);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", hide);
      clearTimer();
      backupIfDirty();
    };
  }, [flush, backupIfDirty, clearTimer, blocked]);
}
