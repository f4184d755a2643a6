"use client";
// The article editor's status controls: the save state with the version, and Stop for a run that writes.
import { useMessages } from "next-intl";
import type { SaveStatus } from "@/components/editor/autosave-types";

export function StopButton({ stopping, onStop, label, busyLabel }: { stopping: boolean; onStop: () => void; label: string; busyLabel: string }) {
  return (
    <button
      type="button"
      onClick={onStop}
      disabled={stopping}
      className="rounded-md border border-indigo-300 bg-white px-3 py-1 font-semibold text-indigo-900 hover:bg-indigo-100 disabled:opacity-50"
      data-testid="stop-run"
    >
      ■ {stopping ? busyLabel : label}
    </button>
  );
}

export function SaveIndicator({ status, message, version }: { status: SaveStatus; message: string | null; version: number }) {
  const messages = useMessages();
  const e = messages.editor;
  const text: Record<SaveStatus, string> = {
    idle: "",
    dirty: e.unsaved,
    saving: e.saving,
    saved: e.saved,
    offline: e.offline,
    error: message ?? e.saveFailed,
    conflict: e.conflict,
  };
  const tone: Record<SaveStatus, string> = {
    idle: "text-slate-500",
    dirty: "text-slate-500",
    saving: "text-slate-500",
    saved: "text-emerald-700",
    offline: "text-amber-700",
    error: "text-red-700",
    conflict: "text-amber-700",
  };
  return (
    <span className="flex items-center gap-2 text-sm">
      <span role="status" aria-live="polite" className={tone[status]} data-testid="save-status" data-state={status}>
        {text[status]}
      </span>
      <span className="text-xs text-slate-600" data-testid="article-version">
        {messages.version} {version}
      </span>
    </span>
  );
}
