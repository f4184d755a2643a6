"use client";
// The workspace's live half: stage, progress and actions of the article's session, kept current by realtime
// events (Pusher, or polling), with an error banner and retry.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { flushPendingSaves } from "@/components/workspace/pending-saves";
import { ProgressBar } from "@/components/workspace/progress-bar";
import { retryAfterSeconds, UnavailableBanner } from "@/components/workspace/unavailable-banner";
import { PublishForms, ReviewForms } from "@/components/workspace/review-publish-forms";
import { type ArticleSnapshot, ResearchForms, type Run, StylingForms, TopicForms, WritingForms } from "@/components/workspace/stage-forms";
import { type PusherClientConfig, useSessionEvents } from "@/components/workspace/use-session-events";
import type { ActionName } from "@/lib/genflow/actions";
import type { SessionResponse } from "@/lib/genflow/responses";
import { STAGE_LABELS, STAGES, isStage, isStatus } from "@/lib/genflow/stages";
import type { SequencedEvent } from "@/lib/realtime/sequencer";

export function SessionPanel({
  initial,
  pusher,
  modelConfigured,
  locale,
  article,
  publishHtml = null,
}: {
  initial: SessionResponse;
  pusher: PusherClientConfig | null;
  modelConfigured: boolean;
  locale: "en" | "zh";
  /** The saved article as the page rendered it (refreshed after every run): for before/after, review and publish. */
  article: ArticleSnapshot;
  /** The article rendered to sanitized HTML by the server, when the session is at publish. */
  publishHtml?: string | null;
}) {
  const t = useTranslations();
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [liveDraft, setLiveDraft] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [lastRequest, setLastRequest] = useState<{ action: ActionName; parameters: Record<string, unknown> } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Seconds until the next try while the server answers 503; null when it answers.
  const [unavailable, setUnavailable] = useState<number | null>(null);
  // Only the newest read may land: an older one still in flight would show a state the events moved past.
  const latestRead = useRef(0);

  const refresh = useCallback(async () => {
    const read = ++latestRead.current;
    const res = await fetch(`/api/genflow/sessions/${view.sessionId}?locale=${locale}`, { cache: "no-store" });
    if (res.status === 503) return setUnavailable(retryAfterSeconds(res));
    setUnavailable(null);
    if (!res.ok || read !== latestRead.current) return;
    const fresh = (await res.json()) as SessionResponse;
    if (read === latestRead.current) setView(fresh);
  }, [view.sessionId, locale]);

  useSessionEvents({
    sessionId: view.sessionId,
    initialSeq: initial.lastSeq,
    pusher,
    onEvent: (event: SequencedEvent) => {
      const data = event.data;
      // The outline's autosave (update_outline) completes in the transaction that claims the session: its
      // "processing" is never real, and showing it would disable the outline under the writer's fingers.
      if (event.type === "stage.change" && data.status === "processing" && data.currentStep === "update_outline") return;
      if (event.type === "progress.update" || event.type === "stage.change") {
        setView((v) => ({
          ...v,
          progress: {
            ...v.progress,
            ...(isStage(data.stage) ? { stage: data.stage } : {}),
            ...(isStatus(data.status) ? { status: data.status } : {}),
            ...(typeof data.progress === "number" ? { progress: data.progress } : {}),
            ...("currentStep" in data ? { currentStep: typeof data.currentStep === "string" ? data.currentStep : null } : {}),
            ...("estimatedTime" in data ? { estimatedTime: typeof data.estimatedTime === "number" ? data.estimatedTime : null } : {}),
          },
          ...(data.status === "processing" ? { availableActions: [] } : {}),
        }));
        if (data.status === "processing") setLiveDraft("");
      } else if (event.type === "draft.delta") {
        // A resumed run streams again from offset 0: start the live text over rather than append.
        setLiveDraft((d) => (data.offset === 0 ? "" : d) + String(data.text ?? ""));
      } else if (event.type === "action.completed" || event.type === "error") {
        void refresh();
        router.refresh();
      }
    },
  });

  const send = useCallback(
    async (action: ActionName, parameters: Record<string, unknown>) => {
      setFailure(null);
      setLastRequest({ action, parameters });
      setSubmitting(true);
      // One key per click: a request retried after a 503 can never apply the action twice.
      const idempotencyKey = crypto.randomUUID();
      try {
        // Edits that autosave on their own (the outline) go first: Approve or a re-run must see them.
        const unsaved = await flushPendingSaves();
        if (unsaved) return setFailure(unsaved);
        let res: Response;
        for (let attempt = 0; ; attempt++) {
          res = await fetch(`/api/genflow/sessions/${view.sessionId}/actions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ action, parameters, idempotencyKey }),
          });
          if (res.status !== 503 || attempt >= 10) break;
          const seconds = retryAfterSeconds(res);
          setUnavailable(seconds);
          await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        }
        setUnavailable(null);
        if (!res.ok) setFailure(((await res.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
        // The server's state, not a guess: the run may already have finished (its events applied) by now.
        await refresh();
      } catch {
        setFailure(t("offline"));
      } finally {
        setSubmitting(false);
      }
    },
    [view.sessionId, refresh, t],
  );
  const run = useCallback<Run>((action, parameters) => void send(action, parameters ?? {}), [send]);

  const { stage, status } = view.progress;
  const busy = status === "processing" || submitting;

  // While a run works, re-read the session now and then: a safety net under the events, and the read is what
  // lets the server notice (and resume or fail) a run whose process died.
  useEffect(() => {
    if (status !== "processing") return;
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [status, refresh]);
  // While the server is unavailable, read again after its Retry-After (the banner goes once a read succeeds).
  useEffect(() => {
    if (unavailable === null || submitting) return;
    const timer = setTimeout(() => void refresh().catch(() => {}), unavailable * 1000);
    return () => clearTimeout(timer);
  }, [unavailable, submitting, refresh]);
  const can = (action: string) => view.availableActions.some((a) => a.action === action);
  const earlier = STAGES.slice(0, STAGES.indexOf(stage));
  const error = failure ?? (status === "error" ? view.errorMessage : null);

  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4" data-testid="session-panel" aria-busy={busy}>
      {!modelConfigured && (
        <div role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="no-model-banner">
          <strong>{t("noModelTitle")}.</strong> {t("noModelBody")}
        </div>
      )}
      <ProgressBar {...view.progress} />
      {unavailable !== null && <UnavailableBanner text={t("unavailable", { n: unavailable })} />}
      {error && (
        <div role="alert" className="flex items-center justify-between gap-3 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="error-banner">
          <span>
            <strong>{t("errorTitle")}:</strong> {error}
          </span>
          {lastRequest && (
            <button
              type="button"
              onClick={() => send(lastRequest.action, lastRequest.parameters)}
              className="rounded border border-red-300 px-2 py-1"
              data-testid="retry"
            >
              {t("retry")}
            </button>
          )}
        </div>
      )}
      <fieldset disabled={busy} className="space-y-4">
        {stage === "topic" && <TopicForms stageData={view.stageData} run={run} busy={busy} />}
        {stage === "research" && <ResearchForms stageData={view.stageData} run={run} busy={busy} sessionId={view.sessionId} />}
        {stage === "writing" && <WritingForms stageData={view.stageData} run={run} busy={busy} />}
        {stage === "styling" && <StylingForms stageData={view.stageData} article={article} run={run} busy={busy} />}
        {stage === "review" && <ReviewForms stageData={view.stageData} article={article} run={run} busy={busy} />}
        {stage === "publish" && (
          <PublishForms article={article} html={publishHtml} run={run} busy={busy} locale={locale} completedAt={view.stageData.publish?.completedAt} />
        )}
        <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3" data-testid="action-bar">
          {can("retry") && (
            <button
              type="button"
              onClick={() => run("retry")}
              className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-500"
              data-testid="action-retry"
            >
              {view.availableActions.find((a) => a.action === "retry")?.text}
            </button>
          )}
          {can("approve") && (
            <button
              type="button"
              onClick={() => run("approve", { stage })}
              className="rounded-md bg-emerald-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-500"
              data-testid="action-approve"
            >
              {view.availableActions.find((a) => a.action === "approve")?.text}
            </button>
          )}
          {can("go_to_stage") && earlier.length > 0 && (
            <select
              aria-label={view.availableActions.find((a) => a.action === "go_to_stage")?.text}
              value=""
              onChange={(e) => {
                const to = earlier.find((s) => s === e.target.value);
                if (to) run("go_to_stage", { stage: to });
              }}
              className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
              data-testid="go-back"
            >
              <option value="">{view.availableActions.find((a) => a.action === "go_to_stage")?.text}</option>
              {earlier.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s][locale]}
                </option>
              ))}
            </select>
          )}
          <UsageMeter usage={view.usage} locale={locale} />
        </div>
      </fieldset>
      {liveDraft && busy && (
        <div className="rounded-md bg-slate-50 p-3" data-testid="live-draft">
          <p className="mb-1 text-xs font-semibold text-slate-500">{t("liveDraft")}</p>
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap font-sans text-sm">{liveDraft}</pre>
        </div>
      )}
    </section>
  );
}

/** The session's tokens and estimated cost, against its token budget when one is set. */
export function UsageMeter({ usage, locale }: { usage: SessionResponse["usage"]; locale: "en" | "zh" }) {
  const t = useTranslations();

  const used = usage.tokensIn + usage.tokensOut;
  const number = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en");
  const cost = `$${usage.costUsd.toFixed(usage.costUsd > 0 && usage.costUsd < 0.01 ? 4 : 2)}`;
  const budget = usage.budget && usage.budget > 0 ? usage.budget : null;
  const ratio = budget ? used / budget : 0;
  const level = !budget ? "none" : ratio >= 1 ? "over" : ratio >= 0.8 ? "near" : "ok";
  const text = budget ? t("usageOfBudget", { used: number.format(used), budget: number.format(budget) }) : t("usageNoBudget", { used: number.format(used) });
  const warning = level === "over" ? t("overBudget") : level === "near" ? t("nearBudget") : null;
  return (
    <div className="ml-auto w-full min-w-0 space-y-1 text-xs text-slate-600 sm:w-64" data-testid="usage" data-level={level}>
      <div className="flex flex-wrap justify-between gap-x-2">
        <span className="font-semibold text-slate-700" id="usage-meter-label">
          {t("tokenUsage")}
        </span>
        <span data-testid="usage-cost">
          {t("estimatedCost")} {cost}
        </span>
      </div>
      {budget && (
        <>
          {/* The native meter carries the semantics; the bar below is its picture (native meters barely style). */}
          <meter
            aria-labelledby="usage-meter-label"
            aria-valuetext={`${text}${warning ? ` (${warning})` : ""}`}
            min={0}
            max={budget}
            low={Math.round(budget * 0.8)}
            high={budget}
            optimum={0}
            value={Math.min(used, budget)}
            className="sr-only"
            data-testid="usage-meter"
          >
            {text}
          </meter>
          <div aria-hidden="true" className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
            <div
              className={`h-full rounded-full ${level === "over" ? "bg-red-600" : level === "near" ? "bg-amber-500" : "bg-emerald-600"}`}
              style={{ width: `${Math.max(used > 0 ? 2 : 0, Math.min(100, Math.round(ratio * 100)))}%` }}
            />
          </div>
        </>
      )}
      <p data-testid="usage-text">
        {text}
        {warning && (
          <strong className={level === "over" ? "text-red-700" : "text-amber-800"}>
            {" "}
            · {level === "over" ? "⚠ " : ""}
            {warning}
          </strong>
        )}
      </p>
    </div>
  );
}
