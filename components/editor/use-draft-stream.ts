"use client";
// A run's streamed text (draft.delta events: {actionId, attempt, offset, text}) put back together: live events
// append, a resumed attempt starts over, and after a reload the text so far is rebuilt from the event log.
import { useCallback, useRef, useState } from "react";
import type { SequencedEvent } from "@/lib/realtime/sequencer";

export interface DraftStream {
  actionId: string;
  attempt: number;
  text: string;
}

function deltaOf(event: SequencedEvent) {
  const { actionId, attempt, offset, text } = event.data;
  if (event.type !== "draft.delta" || typeof actionId !== "string" || typeof text !== "string") return null;
  return { actionId, attempt: typeof attempt === "number" ? attempt : 1, offset: typeof offset === "number" ? offset : 0, text };
}

/** The stream after one more delta: a new action or attempt starts over; a batch seen twice lands once. */
export function addDelta(stream: DraftStream | null, event: SequencedEvent): DraftStream | null {
  const delta = deltaOf(event);
  if (!delta) return stream;
  const fresh = !stream || stream.actionId !== delta.actionId || delta.attempt > stream.attempt;
  if (!fresh && delta.attempt < stream.attempt) return stream;
  const text = fresh ? "" : stream.text;
  // A batch beyond what we have would leave a hole: wait for the catch-up that fills it.
  if (delta.offset > text.length) return fresh ? null : stream;
  return { actionId: delta.actionId, attempt: delta.attempt, text: text.slice(0, delta.offset) + delta.text };
}

export function useDraftStream() {
  const [stream, setStream] = useState<DraftStream | null>(null);
  const ref = useRef<DraftStream | null>(null);
  const update = useCallback((next: DraftStream | null) => {
    ref.current = next;
    setStream(next);
  }, []);
  // Live deltas, kept to replay over a rebuilt text (one may have come before the log read that precedes it).
  const live = useRef<SequencedEvent[]>([]);
  const onDelta = useCallback(
    (event: SequencedEvent) => {
      live.current = [...live.current.slice(-500), event];
      update(addDelta(ref.current, event));
    },
    [update],
  );
  /** The deltas of the log (oldest first): the newest action's text so far, merged with what arrived live. */
  const rebuild = useCallback(
    (events: SequencedEvent[]) => {
      let rebuilt: DraftStream | null = null;
      for (const event of [...events, ...live.current].sort((a, b) => a.metadata.seq - b.metadata.seq)) rebuilt = addDelta(rebuilt, event);
      if (rebuilt) update(rebuilt);
    },
    [update],
  );
  const clear = useCallback(() => {
    live.current = [];
    update(null);
  }, [update]);
  return { stream, onDelta, rebuild, clear };
}
