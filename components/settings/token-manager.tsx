"use client";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import type { TokenResponse as TokenRow } from "@/lib/genflow/responses";

// API tokens for integrators: create (the token is shown once), list, revoke — through the public API.
export function TokenManager() {
  const t = useTranslations();

  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await fetch("/api/genflow/tokens");
    if (res.ok) setTokens(((await res.json()) as { tokens: TokenRow[] }).tokens);
    else setError("Could not load tokens");
  }, []);
  useEffect(() => void load(), [load]);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const res = await fetch("/api/genflow/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    const body = await res.json();
    if (!res.ok) return setError(body.error?.message ?? "Could not create the token");
    setCreated(body.token);
    setName("");
    await load();
  }

  async function revoke(id: string) {
    await fetch(`/api/genflow/tokens/${id}`, { method: "DELETE" });
    await load();
  }

  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">{t("apiTokens")}</h2>
      <form onSubmit={create} className="flex gap-2">
        <label htmlFor="token-name" className="sr-only">
          {t("tokenName")}
        </label>
        <input
          id="token-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t("tokenName")}
          data-testid="token-name"
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <button
          type="submit"
          disabled={!name.trim()}
          data-testid="create-token"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
        >
          {t("createToken")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {created && (
        <div className="rounded-md bg-amber-50 p-3 text-sm" data-testid="created-token">
          <p>{t("copyTokenNow")}</p>
          <div className="mt-2 flex gap-2">
            <code className="flex-1 break-all rounded bg-white px-2 py-1">{created}</code>
            <button type="button" onClick={() => navigator.clipboard.writeText(created)} className="rounded border border-slate-300 px-2 text-xs">
              {t("copy")}
            </button>
          </div>
        </div>
      )}
      {tokens === null ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noTokens")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="token-list">
          {tokens.map((token) => (
            <li key={token.id} className="flex items-center justify-between py-2">
              <span>
                <strong>{token.name}</strong> <code className="text-slate-500">{token.prefix}…</code>
                {token.revokedAt && <span className="ml-2 text-xs text-red-700">{t("revoked")}</span>}
                <span className="ml-2 text-xs text-slate-500">
                  {t("lastUsed")}: {token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : t("never")}
                </span>
              </span>
              {!token.revokedAt && (
                <button type="button" onClick={() => revoke(token.id)} className="text-red-700 hover:underline" data-testid={`revoke-${token.id}`}>
                  {t("revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
