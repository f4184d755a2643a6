"use client";
// The article editor's view of its session: `article.updated` pulls the new version in, proposal events refresh
// the proposals, draft.delta events build the streamed draft (rebuilt from the log after a reload mid-run), and
// progress events say whether a run is working — with a Stop that cancels it.
import { useCallback, useEffect, useRef, useState } from "react";
import { useDraftStream } from "@/components/editor/use-draft-stream";
import { readApiError } from "@/components/workspace/api-error";
import { type PusherClientConfig, readRunLog, useSessionEvents } from "@/components/workspace/use-session-events";
import type { SequencedEvent } from "@/lib/realtime/sequencer";

/** A run's first event: its progress starts at 0 (use-draft-stream clears the stream on it too). */
const isRunStart = (event: SequencedEvent) =>
  (event.type === "progress.update" || event.type === "stage.change") && event.data.status === "processing" && event.data.progress === 0;

export function useArticleSync({
  articleId,
  session,
  pull,
  refreshProposals,
  stopFailed,
}: {
  articleId: string;
  session?: { sessionId: string; lastSeq?: number; processing?: boolean; pusher?: PusherClientConfig | null } | null;
  /** Reads the article and merges a newer version in (`version`: the one announced, if known). */
  pull: (version?: number) => Promise<void>;
  refreshProposals: () => Promise<void>;
  /** The message for a failed Stop (the API's message, or none when offline). */
  stopFailed: (message: string | null) => string;
}) {
  const { stream, onDelta, rebuild, clear } = useDraftStream();
  const [running, setRunning] = useState(Boolean(session?.processing));
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<string | null>(null);
  const onEvent = useCallback(
    (event: SequencedEvent) => {
      const data = event.data;
      if (event.type === "article.updated" && data.articleId === articleId) {
        void pull(typeof data.version === "number" ? data.version : undefined);
        void refreshProposals();
      } else if (event.type === "proposal.ready" || event.type === "proposal.resolved") {
        void refreshProposals();
      } else if (event.type === "draft.delta") {
        onDelta(event);
      } else if ((event.type === "progress.update" || event.type === "stage.change") && typeof data.status === "string") {
        setRunning(data.status === "processing");
        if (isRunStart(event)) clear();
      } else if (event.type === "action.completed" || event.type === "error") {
        setRunning(false);
        setStopping(false);
        void pull();
      }
    },
    [articleId, pull, refreshProposals, onDelta, clear],
  );
  useSessionEvents({
    sessionId: session?.sessionId ?? "",
    initialSeq: session?.lastSeq ?? 0,
    pusher: session?.pusher ?? null,
    onEvent: session ? onEvent : () => {},
  });

  // After a reload mid-run: the text streamed so far, from the log (whole sentences, not from mid-sentence) — read
  // back from the page's seq to the run's start (the same marker that clears the stream live), not from seq 0.
  const rebuilt = useRef(false);
  useEffect(() => {
    if (!session?.processing || rebuilt.current) return;
    rebuilt.current = true;
    void readRunLog(session.sessionId, session.lastSeq ?? 0, isRunStart, (event) => event.type === "draft.delta")
      .then(rebuild)
      .catch(() => {});
  }, [session, rebuild]);

  const stop = useCallback(async () => {
    if (!session || !stream) return;
    setStopping(true);
    setStopError(null);
    const res = await fetch(`/api/genflow/sessions/${session.sessionId}/actions/${stream.actionId}/cancel`, { method: "POST" }).catch(() => null);
    if (!res?.ok) {
      setStopping(false);
      setStopError(stopFailed(res ? (await readApiError(res)).message : null));
      return;
    }
    setRunning(false);
    setStopping(false);
    clear();
  }, [session, stream, stopFailed, clear]);

  return { stream, running, stopping, stopError, stop };
}
