"use client";
// The Radix Dialog half of the workspace's overlays (focus trap, Escape, focus return, the rest of the page
// inert). Loaded on demand by drawer.tsx when an overlay first opens: none of it is in the page's first load.
import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

const overlay = "fixed inset-0 z-40 bg-slate-900/30";
const closeButton = "rounded-md px-2 py-1 text-lg leading-none text-slate-600 hover:bg-slate-100";

export interface DrawerPanelProps {
  title: string;
  description?: string;
  closeLabel: string;
  testId: string;
  wide?: boolean;
  children: ReactNode;
}

/** A panel over the right edge (full width on phones), open while mounted; `onClose` unmounts it. */
export function DrawerPanel({ title, description, closeLabel, testId, wide = false, children, onClose }: DrawerPanelProps & { onClose: () => void }) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlay} />
        <Dialog.Content
          className={`fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-white shadow-2xl ${wide ? "sm:max-w-3xl" : "sm:max-w-md"}`}
          data-testid={testId}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="flex items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
            <div className="min-w-0">
              <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
              {description && <Dialog.Description className="text-sm text-slate-600">{description}</Dialog.Description>}
            </div>
            <Dialog.Close className={closeButton} aria-label={closeLabel} title={closeLabel} data-testid={`${testId}-close`}>
              <span aria-hidden="true">×</span>
            </Dialog.Close>
          </div>
          {/* The drawer scrolls on its own: a long diff never lengthens the page behind it. */}
          <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export interface ConfirmPanelProps {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  testId: string;
}

/** An alert dialog asking before an action, open while mounted; Cancel, Escape or a click outside call onClose. */
export function ConfirmPanel({ title, body, confirmLabel, cancelLabel, onConfirm, testId, onClose }: ConfirmPanelProps & { onClose: () => void }) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlay} />
        <Dialog.Content
          role="alertdialog"
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-3 rounded-xl bg-white p-5 shadow-2xl"
          data-testid={testId}
        >
          <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="text-sm text-slate-700">{body}</Dialog.Description>
          <div className="flex flex-wrap justify-end gap-2 pt-1">
            <Dialog.Close className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" data-testid={`${testId}-cancel`}>
              {cancelLabel}
            </Dialog.Close>
            <button
              type="button"
              onClick={() => {
                onConfirm();
                onClose();
              }}
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500"
              data-testid={`${testId}-confirm`}
            >
              {confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
