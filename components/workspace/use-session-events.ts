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

async function fetchAfter(sessionId: string, after: number) {
  const res = await fetch(`/api/genflow/sessions/${sessionId}/events?after=${after}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`events: HTTP ${res.status}`);
  return (await res.json()) as { events: SequencedEvent[]; lastSeq: number };
}

/**
 * Follows a session's events: live over Pusher when configured (catching up from the event log on every
 * connect and whenever a seq is missing), by polling the log otherwise. Each event reaches `onEvent` once,
 * in seq order.
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
    const sequencer = new EventSequencer(
      initialSeq,
      (event) => handler.current(event),
      (after) => fetchAfter(sessionId, after),
    );
    const catchUp = () => void sequencer.catchUp().catch(() => {});
    if (!pusher) {
      const timer = setInterval(catchUp, POLL_MS);
      catchUp();
      return () => clearInterval(timer);
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
    return () => {
      disposed = true;
      setPolling(false);
      disconnect();
    };
  }, [sessionId]);
}
