"use client";
// The workspace's overlays: a side drawer for History, usage and settings, and a confirmation for steps that
// are hard to undo. The triggers are plain buttons; the dialogs (Radix, drawer-panel.tsx) load when first
// opened, which keeps the workspace's first-load JavaScript small.
import dynamic from "next/dynamic";
import { type ReactNode, useState } from "react";
import type { ConfirmPanelProps, DrawerPanelProps } from "@/components/workspace/drawer-panel";

const DrawerPanel = dynamic(() => import("@/components/workspace/drawer-panel").then((m) => m.DrawerPanel), { ssr: false });
const ConfirmPanel = dynamic(() => import("@/components/workspace/drawer-panel").then((m) => m.ConfirmPanel), { ssr: false });

/** A header button (visible text `label`) that opens a drawer; its content mounts only while it is open. */
export function Drawer({ label, triggerTestId, ...panel }: DrawerPanelProps & { label: ReactNode; triggerTestId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50"
        data-testid={triggerTestId}
      >
        {label}
      </button>
      {open && <DrawerPanel {...panel} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Asks before an action while `open`; Cancel (or Escape) calls onOpenChange(false), as does confirming. */
export function ConfirmDialog({ open, onOpenChange, ...panel }: ConfirmPanelProps & { open: boolean; onOpenChange: (open: boolean) => void }) {
  return open ? <ConfirmPanel {...panel} onClose={() => onOpenChange(false)} /> : null;
}
