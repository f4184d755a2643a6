"use client";
import { useEffect, useRef } from "react";
import { EventSequencer, type SequencedEvent } from "@/lib/realtime/sequencer";

export interface PusherClientConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
}

const POLL_MS = 1500;

async function fetchAfter(sessionId: string, after: number, limit?: number) {
  const res = await fetch(`/api/genflow/sessions/${sessionId}/events?after=${after}${limit ? `&limit=${limit}` : ""}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`events: HTTP ${res.status}`);
  return (await res.json()) as { events: SequencedEvent[]; lastSeq: number };
}

/**
 * The events of the run in progress (up to `lastSeq`), read back page by page from the end until `isStart` (the
 * run's first event): a reload mid-run reads what that run logged, not the session's whole history.
 */
export async function readRunLog(
  sessionId: string,
  lastSeq: number,
  isStart: (event: SequencedEvent) => boolean,
  keep: (event: SequencedEvent) => boolean = () => true,
): Promise<SequencedEvent[]> {
  const PAGE = 500;
  const chunks: SequencedEvent[][] = [];
  let to = lastSeq;
  for (let page = 0; page < 200 && to > 0; page++) {
    const from = Math.max(0, to - PAGE);
    const { events } = await fetchAfter(sessionId, from, PAGE);
    const chunk = events.filter((e) => e.metadata.seq <= to);
    const start = chunk.findLastIndex(isStart);
    chunks.unshift(start >= 0 ? chunk.slice(start) : chunk);
    if (start >= 0) break;
    to = from;
  }
  return chunks.flat().filter(keep);
}

type Listener = (event: SequencedEvent) => void;

interface Subscription {
  listeners: Set<Listener>;
  stop: () => void;
}

// One connection per session per page, however many components follow it (the stage panel, the editor, the
// proposal list): each gets every event once, in seq order. The first subscriber's seq seeds the sequencer;
// later ones join at the point it has reached.
const subscriptions = new Map<string, Subscription>();

function connect(sessionId: string, initialSeq: number, pusher: PusherClientConfig | null): Subscription {
  const listeners = new Set<Listener>();
  const sequencer = new EventSequencer(
    initialSeq,
    (event) => {
      for (const listener of listeners) listener(event);
    },
    (after) => fetchAfter(sessionId, after),
  );
  const catchUp = () => void sequencer.catchUp().catch(() => {});
  if (!pusher) {
    const timer = setInterval(catchUp, POLL_MS);
    catchUp();
    return { listeners, stop: () => clearInterval(timer) };
  }
  let disposed = false;
  let disconnect = () => {};
  // When the socket cannot connect (blocked port, proxy), the event log is polled until it can.
  let poll: ReturnType<typeof setInterval> | null = null;
  const setPolling = (on: boolean) => {
    if (on && !poll) poll = setInterval(catchUp, POLL_MS);
    if (!on && poll) {
      clearInterval(poll);
      poll = null;
    }
  };
  void import("pusher-js").then(({ default: Pusher }) => {
    if (disposed) return;
    const client = new Pusher(pusher.key, {
      cluster: pusher.cluster,
      ...(pusher.wsHost ? { wsHost: pusher.wsHost, wsPort: pusher.wsPort, forceTLS: false, enabledTransports: ["ws"] as ["ws"] } : {}),
      channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
    });
    const channel = client.subscribe(`private-session-${sessionId}`);
    channel.bind_global((name: string, data: SequencedEvent) => {
      if (!name.startsWith("pusher:") && data?.metadata) sequencer.receive(data);
    });
    channel.bind("pusher:subscription_succeeded", catchUp);
    client.connection.bind("connected", catchUp);
    client.connection.bind("state_change", ({ current }: { current: string }) => setPolling(current !== "connected"));
    disconnect = () => client.disconnect();
  });
  return {
    listeners,
    stop: () => {
      disposed = true;
      setPolling(false);
      disconnect();
    },
  };
}

/**
 * Follows a session's events: live over Pusher when configured (catching up from the event log on every
 * connect and whenever a seq is missing), by polling the log otherwise. Each event reaches `onEvent` once,
 * in seq order. Several components of one page share one connection.
 */
export function useSessionEvents({
  sessionId,
  initialSeq,
  pusher,
  onEvent,
}: {
  sessionId: string;
  initialSeq: number;
  pusher: PusherClientConfig | null;
  onEvent: (event: SequencedEvent) => void;
}) {
  const handler = useRef(onEvent);
  handler.current = onEvent;

  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribe once per session; initialSeq only seeds it
  useEffect(() => {
    if (!sessionId) return;
    let subscription = subscriptions.get(sessionId);
    if (!subscription) {
      subscription = connect(sessionId, initialSeq, pusher);
      subscriptions.set(sessionId, subscription);
    }
    const listener: Listener = (event) => handler.current(event);
    const current = subscription;
    current.listeners.add(listener);
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0) return;
      current.stop();
      if (subscriptions.get(sessionId) === current) subscriptions.delete(sessionId);
    };
  }, [sessionId]);
}
