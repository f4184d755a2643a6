"use client";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { deleteArticleAction } from "@/lib/actions/articles";

export function DeleteArticleButton({ articleId }: { articleId: string }) {
  const t = useTranslations();

  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} data-testid="delete-article" className="text-sm text-red-700 hover:underline">
        {t("delete")}
      </button>
      <dialog ref={dialog} className="m-auto rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40" aria-labelledby={`delete-${articleId}`}>
        <p id={`delete-${articleId}`} className="max-w-xs text-sm">
          {t("confirmDelete")}
        </p>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            {t("cancel")}
          </button>
          <button
            type="button"
            disabled={pending}
            data-testid="confirm-delete"
            onClick={() =>
              startTransition(async () => {
                const result = await deleteArticleAction(articleId);
                if (result.status === "error") setError(result.message);
                else dialog.current?.close();
              })
            }
            className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
          >
            {pending ? t("working") : t("delete")}
          </button>
        </div>
      </dialog>
    </>
  );
}
