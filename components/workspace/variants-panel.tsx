"use client";
// The article's platform variants beside it: each with its platform, style, version and length against the
// platform's limit; open to edit (saved at its version), export, apply to the article as a proposal, delete.
import { useMessages, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { input, primary, secondary, small } from "@/components/workspace/styles";
import { checkPlatformRules, PLATFORM_RULES } from "@/lib/ai/platforms";
import { countLength } from "@/lib/genflow/checks/length";
import { describeCheck } from "@/lib/genflow/checks/messages";
import type { Locale } from "@/lib/genflow/stages";
import { appliedVariantResponse, type VariantResponse, variantListResponse, variantResponse } from "@/lib/genflow/variant-responses";
import { z } from "zod";

// The API's error body (lib/genflow/responses.ts documents it; that module is server-side).
const errorBody = z.object({ error: z.object({ message: z.string() }) });

type Notice = { kind: "ok" | "error"; text: string } | null;

const variantsUrl = (articleId: string) => `/api/genflow/articles/${articleId}/variants`;

/**
 * `refreshKey`: change it to load the list again (e.g. on a `style.applied` event); `onProposal` hears the
 * proposal a variant became when applied to the article (the document shows it for review).
 */
export function VariantsPanel({
  articleId,
  language,
  refreshKey = 0,
  onProposal,
}: {
  articleId: string;
  language: Locale;
  refreshKey?: number;
  onProposal?: (proposalId: string) => void;
}) {
  const t = useTranslations("variants");
  const [variants, setVariants] = useState<VariantResponse[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await fetch(variantsUrl(articleId), { cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      setVariants(variantListResponse.parse(await res.json()).variants);
      setFailed(null);
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
    }
  }, [articleId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey asks for a reload.
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const replace = (next: VariantResponse) => setVariants((list) => list?.map((v) => (v.id === next.id ? next : v)) ?? [next]);
  const remove = (id: string) => setVariants((list) => list?.filter((v) => v.id !== id) ?? []);

  return (
    <section aria-labelledby="variants-heading" className="space-y-2 text-sm" data-testid="variants-panel">
      <h3 id="variants-heading" className="text-sm font-semibold">
        {t("heading")}
      </h3>
      {failed && (
        <p role="alert" className="text-red-700">
          {t("loadFailed", { m: failed })}
        </p>
      )}
      {!variants && !failed && (
        <p className="text-slate-500" data-testid="variants-loading">
          {t("loading")}
        </p>
      )}
      {variants?.length === 0 && (
        <p className="text-slate-600" data-testid="variants-empty">
          {t("empty")}
        </p>
      )}
      <ul className="space-y-2">
        {variants?.map((v) => (
          <VariantItem
            key={v.id}
            variant={v}
            language={language}
            open={openId === v.id}
            onToggle={() => setOpenId((id) => (id === v.id ? null : v.id))}
            onChange={replace}
            onDeleted={() => remove(v.id)}
            onProposal={onProposal}
          />
        ))}
      </ul>
    </section>
  );
}

async function errorText(res: Response): Promise<string> {
  const parsed = errorBody.safeParse(await res.json().catch(() => null));
  return parsed.success ? parsed.data.error.message : String(res.status);
}

function VariantItem({
  variant,
  language,
  open,
  onToggle,
  onChange,
  onDeleted,
  onProposal,
}: {
  variant: VariantResponse;
  language: Locale;
  open: boolean;
  onToggle: () => void;
  onChange: (v: VariantResponse) => void;
  onDeleted: () => void;
  onProposal?: (proposalId: string) => void;
}) {
  const t = useTranslations("variants");
  const messages = useMessages();
  const [title, setTitle] = useState(variant.title);
  const [content, setContent] = useState(variant.content);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  // The version saved elsewhere whose changes overlap the writer's unsaved edits (shown until they save or take it).
  const [theirs, setTheirs] = useState<VariantResponse | null>(null);
  const tp = useTranslations("proposals");
  const url = `${variantsUrl(variant.articleId)}/${variant.id}`;
  const dirty = title !== variant.title || content !== variant.content;

  // A newer version from elsewhere replaces what is shown unless the writer is editing it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new version resets the fields.
  useEffect(() => {
    if (!dirty) {
      setTitle(variant.title);
      setContent(variant.content);
    }
  }, [variant.version]);

  const unit = messages.checkMessages[language === "zh" ? "characters" : "words"];
  const length = countLength(content, language);
  const max = PLATFORM_RULES[variant.platform]?.maxLength[language] ?? null;
  const checks = checkPlatformRules({ text: content, platform: variant.platform, language });

  const send = async (work: () => Promise<void>) => {
    setBusy(true);
    setNotice(null);
    try {
      await work();
    } catch (error) {
      setNotice({ kind: "error", text: t("failed", { m: error instanceof Error ? error.message : String(error) }) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    send(async () => {
      const res = await fetch(url, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: variant.version, title, content }),
      });
      if (res.status === 409) {
        // Saved elsewhere meanwhile: the writer's edits are merged onto that version (base = the version they
        // edited), never saved over it; overlapping edits keep the writer's side and show theirs beside it.
        const latest = await fetch(url, { cache: "no-store" });
        if (!latest.ok) throw new Error(await errorText(latest));
        const now = variantResponse.parse(await latest.json());
        const { threeWay } = await import("@/components/editor/autosave-merge");
        const merged = await threeWay({ title: variant.title, content: variant.content }, now, { title, content });
        setTitle(merged.provisional.title);
        setContent(merged.provisional.content);
        const overlaps = merged.overlaps.length + (merged.titleOverlap ? 1 : 0);
        setTheirs(overlaps > 0 ? now : null);
        onChange(now);
        setNotice({ kind: "error", text: overlaps > 0 ? tp("variantOverlap", { n: overlaps, v: now.version }) : tp("variantMerged", { v: now.version }) });
        return;
      }
      if (!res.ok) throw new Error(await errorText(res));
      const saved = variantResponse.parse(await res.json());
      setTheirs(null);
      onChange(saved);
      setNotice({ kind: "ok", text: t("saved", { v: String(saved.version) }) });
    });

  const apply = () =>
    send(async () => {
      const res = await fetch(`${url}/apply`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (!res.ok) throw new Error(await errorText(res));
      const { proposal } = appliedVariantResponse.parse(await res.json());
      setNotice({ kind: "ok", text: t("applied") });
      onProposal?.(proposal.id);
    });

  const remove = () =>
    send(async () => {
      const res = await fetch(url, { method: "DELETE" });
      if (!res.ok && res.status !== 404) throw new Error(await errorText(res));
      onDeleted();
    });

  const platformName = messages.platformNames[variant.platform];
  const presetName = messages.presetNames[variant.preset];
  return (
    <li className="rounded-md border border-slate-200 p-2" data-testid={`variant-${variant.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <strong>{platformName}</strong>
        <span className="text-slate-600">{presetName}</span>
        <span className="text-slate-500">{t("version", { v: String(variant.version), source: String(variant.sourceVersion) })}</span>
        <span className={max !== null && length > max ? "text-amber-800" : "text-slate-600"} data-testid="variant-length">
          {max === null ? t("lengthNoLimit", { length: String(length), unit }) : t("lengthOf", { length: String(length), max: String(max), unit })}
        </span>
      </div>
      <div className="mt-1 flex flex-wrap gap-1">
        <button type="button" className={small} aria-expanded={open} onClick={onToggle} data-testid="variant-open">
          {open ? t("close") : t("open")}
        </button>
        <a className={small} href={`${url}/export?format=md`} download data-testid="variant-export-md">
          {t("exportMd")}
        </a>
        <a className={small} href={`${url}/export?format=html`} download data-testid="variant-export-html">
          {t("exportHtml")}
        </a>
        <button type="button" className={small} disabled={busy || dirty} title={dirty ? t("saveFirst") : undefined} onClick={apply} data-testid="variant-apply">
          {t("apply")}
        </button>
        {confirming ? (
          <>
            <button type="button" className={small} disabled={busy} onClick={remove} data-testid="variant-delete-confirm">
              {t("confirmDelete")}
            </button>
            <button type="button" className={small} onClick={() => setConfirming(false)}>
              {t("cancel")}
            </button>
          </>
        ) : (
          <button type="button" className={small} onClick={() => setConfirming(true)} data-testid="variant-delete">
            {t("delete")}
          </button>
        )}
      </div>
      {open && (
        <div className="mt-2 space-y-2">
          <label className="block">
            <span className="text-xs text-slate-600">{t("titleLabel")}</span>
            <input className={input} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="variant-title" />
          </label>
          <label className="block">
            <span className="text-xs text-slate-600">{t("contentLabel")}</span>
            <textarea className={`${input} min-h-48 font-mono`} value={content} onChange={(e) => setContent(e.target.value)} data-testid="variant-content" />
          </label>
          <ul className="space-y-0.5" data-testid="variant-checks">
            {checks.map((c) => (
              <li key={c.id} className={c.passed ? "text-green-700" : "text-amber-800"}>
                <span aria-hidden="true">{c.passed ? "✓" : "!"}</span> <span className="sr-only">{c.passed ? t("checkPassed") : t("checkFailed")}: </span>
                {describeCheck(c, messages.checkMessages)}
              </li>
            ))}
          </ul>
          {theirs && (
            <div className="space-y-1 rounded-md border border-amber-300 bg-amber-50/60 p-2" data-testid="variant-theirs">
              <p className="text-xs font-semibold text-slate-700">{tp("variantTheirs", { v: theirs.version })}</p>
              <p className="font-semibold">{theirs.title}</p>
              <pre className="max-h-48 overflow-auto whitespace-pre-wrap font-mono text-xs">{theirs.content}</pre>
              <button
                type="button"
                className={small}
                onClick={() => {
                  setTitle(theirs.title);
                  setContent(theirs.content);
                  setTheirs(null);
                }}
                data-testid="variant-take-theirs"
              >
                {tp("variantTakeTheirs")}
              </button>
            </div>
          )}
          <div className="flex gap-2">
            <button type="button" className={primary} disabled={busy || !dirty || !title.trim()} onClick={save} data-testid="variant-save">
              {busy ? t("saving") : t("save")}
            </button>
            <button
              type="button"
              className={secondary}
              disabled={busy || !dirty}
              onClick={() => {
                setTitle(variant.title);
                setContent(variant.content);
                setTheirs(null);
              }}
            >
              {t("discard")}
            </button>
          </div>
        </div>
      )}
      {notice && (
        <p role={notice.kind === "error" ? "alert" : "status"} className={notice.kind === "error" ? "mt-1 text-red-700" : "mt-1 text-green-700"}>
          {notice.text}
        </p>
      )}
    </li>
  );
}
