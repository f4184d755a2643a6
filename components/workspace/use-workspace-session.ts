"use client";
// The article's session as the workspace shows it: stage, progress and actions, kept current by realtime events
// (Pusher, or polling), plus sending actions (retried through 503s with one idempotency key per click).
import { useMessages, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { readApiError } from "@/components/workspace/api-error";
import { hasKey } from "@/components/workspace/labels";
import type { Run } from "@/components/workspace/stage-forms";
import { retryAfterSeconds } from "@/components/workspace/unavailable-banner";
import { flushPendingSaves } from "@/components/workspace/pending-saves";
import { type PusherClientConfig, useSessionEvents } from "@/components/workspace/use-session-events";
import type { ActionName } from "@/lib/genflow/actions";
import type { SessionResponse } from "@/lib/genflow/responses";
import { isStage, isStatus } from "@/lib/genflow/stages";
import type { SequencedEvent } from "@/lib/realtime/sequencer";

export function useWorkspaceSession({
  initial,
  pusher,
  locale,
  articleId,
  initialHasText,
}: {
  initial: SessionResponse;
  pusher: PusherClientConfig | null;
  locale: "en" | "zh";
  articleId: string;
  initialHasText: boolean;
}) {
  const t = useTranslations();
  const messages = useMessages();
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [failure, setFailure] = useState<string | null>(null);
  const [lastRequest, setLastRequest] = useState<{ action: ActionName; parameters: Record<string, unknown> } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Seconds until the next try while the server answers 503; null when it answers.
  const [unavailable, setUnavailable] = useState<number | null>(null);
  // Whether the stored article has any text: Approve needs a draft. A writer's save arrives as article.updated.
  const [hasText, setHasText] = useState(initialHasText);
  useEffect(() => setHasText(initialHasText), [initialHasText]);
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

  const readArticle = useCallback(async () => {
    const res = await fetch(`/api/genflow/articles/${articleId}`, { cache: "no-store" });
    if (!res.ok) return;
    const body: unknown = await res.json().catch(() => null);
    setHasText(typeof body === "object" && body !== null && "content" in body && typeof body.content === "string" && body.content.trim() !== "");
  }, [articleId]);

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
      } else if (event.type === "action.completed" || event.type === "error") {
        void refresh();
        router.refresh();
      } else if (event.type === "article.updated") {
        void readArticle();
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
        if (!res.ok) {
          const error = await readApiError(res);
          // A known refusal in the interface language; the API's message (English, for API clients) otherwise.
          const code = error.code ?? "";
          setFailure(hasKey(messages.actionErrors, code) ? messages.actionErrors[code] : error.message);
        }
        // The server's state, not a guess: the run may already have finished (its events applied) by now.
        await refresh();
      } catch {
        setFailure(t("offline"));
      } finally {
        setSubmitting(false);
      }
    },
    [view.sessionId, refresh, t, messages],
  );
  const run = useCallback<Run>((action, parameters) => void send(action, parameters ?? {}), [send]);
  const retryLast = useCallback(() => {
    if (lastRequest) void send(lastRequest.action, lastRequest.parameters);
  }, [lastRequest, send]);

  const status = view.progress.status;
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

  const error = failure ?? (status === "error" ? view.errorMessage : null);
  return { view, error, canRetryLast: lastRequest !== null, retryLast, unavailable, busy, run, hasText };
}
