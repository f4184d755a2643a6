"use client";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";

const EVENTS = ["article.published", "session.completed", "run.failed", "proposal.ready"] as const;

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

const button = "rounded border border-slate-300 px-2 py-1 text-xs";

// Webhook endpoints through the public API: register (the secret is shown once), rotate, delete, and the
// delivery log; plus the secret that signs sessions' publishWebhookUrl deliveries.
export function WebhookManager() {
  const t = useTranslations();

  const [hooks, setHooks] = useState<WebhookRow[] | null>(null);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["article.published"]);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [deliveries, setDeliveries] = useState<{ id: string; rows: DeliveryRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await fetch("/api/genflow/webhooks");
    if (res.ok) setHooks(((await res.json()) as { webhooks: WebhookRow[] }).webhooks);
    else setError(t("webhookLoadFailed"));
  }, [t]);
  useEffect(() => void load(), [load]);

  async function call(path: string, init: RequestInit): Promise<Record<string, unknown> | null> {
    setError(null);
    const res = await fetch(path, init);
    const body = res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
    if (!res.ok) {
      setError((body.error as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`);
      return null;
    }
    return body;
  }

  async function create(event: React.FormEvent) {
    event.preventDefault();
    const body = await call("/api/genflow/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url, events }),
    });
    if (!body) return;
    setSecret({ label: String(body.url), value: String(body.secret) });
    setUrl("");
    await load();
  }

  async function rotate(hook: WebhookRow) {
    const body = await call(`/api/genflow/webhooks/${hook.id}/rotate-secret`, { method: "POST" });
    if (body) setSecret({ label: hook.url, value: String(body.secret) });
  }

  async function remove(id: string) {
    if (await call(`/api/genflow/webhooks/${id}`, { method: "DELETE" })) await load();
  }

  async function showDeliveries(id: string) {
    const body = await call(`/api/genflow/webhooks/${id}/deliveries`, { method: "GET" });
    if (body) setDeliveries({ id, rows: body.deliveries as DeliveryRow[] });
  }

  async function rotatePublishSecret() {
    const body = await call("/api/genflow/webhook-secret", { method: "POST" });
    if (body) setSecret({ label: t("publishSecret"), value: String(body.secret) });
  }

  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6" data-testid="webhook-manager">
      <div>
        <h2 className="text-lg font-semibold">{t("webhooks")}</h2>
        <p className="text-sm text-slate-500">{t("webhooksHint")}</p>
      </div>
      <form onSubmit={create} className="space-y-2">
        <label htmlFor="webhook-url" className="sr-only">
          {t("webhookUrl")}
        </label>
        <input
          id="webhook-url"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://example.com/genflow-hook"
          data-testid="webhook-url"
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="sr-only">{t("webhookEvents")}</legend>
          {EVENTS.map((name) => (
            <label key={name} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) => setEvents(e.target.checked ? [...events, name] : events.filter((x) => x !== name))}
                data-testid={`webhook-event-${name}`}
              />
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          disabled={!url.trim() || events.length === 0}
          data-testid="create-webhook"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
        >
          {t("addWebhook")}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {secret && (
        <div className="rounded-md bg-amber-50 p-3 text-sm" data-testid="webhook-secret">
          <p>
            {t("copySecretNow")} ({secret.label})
          </p>
          <code className="mt-2 block break-all rounded bg-white px-2 py-1">{secret.value}</code>
        </div>
      )}
      {hooks === null ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : hooks.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noWebhooks")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="webhook-list">
          {hooks.map((hook) => (
            <li key={hook.id} className="space-y-1 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="break-all">
                  <strong>{hook.url}</strong> <span className="text-xs text-slate-500">{hook.events.join(", ")}</span>
                </span>
                <span className="flex gap-2">
                  <button type="button" className={button} onClick={() => showDeliveries(hook.id)} data-testid={`webhook-deliveries-${hook.id}`}>
                    {t("deliveries")}
                  </button>
                  <button type="button" className={button} onClick={() => rotate(hook)} data-testid={`webhook-rotate-${hook.id}`}>
                    {t("rotateSecret")}
                  </button>
                  <button type="button" className={`${button} text-red-700`} onClick={() => remove(hook.id)} data-testid={`webhook-delete-${hook.id}`}>
                    {t("delete")}
                  </button>
                </span>
              </div>
              {deliveries?.id === hook.id &&
                (deliveries.rows.length === 0 ? (
                  <p className="text-xs text-slate-500">{t("noDeliveries")}</p>
                ) : (
                  <ul className="text-xs text-slate-600" data-testid="delivery-log">
                    {deliveries.rows.map((d) => (
                      <li key={d.id}>
                        {new Date(d.createdAt).toLocaleString()} · <code>{d.event}</code> · {d.status} · {t("attempts")}: {d.attempts}
                        {d.lastStatusCode !== null && ` · HTTP ${d.lastStatusCode}`}
                        {d.lastError && ` · ${d.lastError}`}
                      </li>
                    ))}
                  </ul>
                ))}
            </li>
          ))}
        </ul>
      )}
      <div className="border-t border-slate-100 pt-3 text-sm">
        <p className="text-slate-500">{t("publishSecretHint")}</p>
        <button type="button" className={`${button} mt-2`} onClick={rotatePublishSecret} data-testid="rotate-publish-secret">
          {t("rotatePublishSecret")}
        </button>
      </div>
    </div>
  );
}
