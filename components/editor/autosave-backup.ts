// The writer's unsaved text kept in localStorage (per article, with the version it was typed on): a reload, a
// crash or a remount brings it back (use-autosave).
import type { Snapshot } from "@/components/editor/autosave-types";

export interface Backup extends Snapshot {
  baseVersion: number;
  at: number;
}

const backupKey = (articleId: string) => `genflow:unsaved:${articleId}`;

export function readBackup(articleId: string): Backup | null {
  try {
    const raw = window.localStorage.getItem(backupKey(articleId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isBackup(value) ? value : null;
  } catch {
    return null;
  }
}

/** localStorage is anyone's to write (an older build, an extension): only a well-formed backup is restored. */
export function isBackup(value: unknown): value is Backup {
  if (typeof value !== "object" || value === null) return false;
  const v: Record<string, unknown> = { ...value };
  return (
    typeof v.title === "string" &&
    typeof v.content === "string" &&
    typeof v.baseVersion === "number" &&
    Number.isInteger(v.baseVersion) &&
    v.baseVersion >= 1 &&
    typeof v.at === "number"
  );
}

export function writeBackup(articleId: string, backup: Backup | null) {
  try {
    if (backup) window.localStorage.setItem(backupKey(articleId), JSON.stringify(backup));
    else window.localStorage.removeItem(backupKey(articleId));
  } catch {
    // storage full or disabled: the server copy is all there is
  }
}

export const same = (a: Snapshot, b: Snapshot) => a.title === b.title && a.content === b.content;
