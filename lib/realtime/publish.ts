// Publishing session events to Pusher private channels. Events are already in the database (the event log)
// when this runs: a failed publish is logged and never fails the action — replay covers the gap.
import "server-only";
import Pusher from "pusher";
import { env } from "@/lib/env";
import type { EventEnvelope } from "@/lib/genflow/events";
import { channelFor } from "@/lib/realtime/channels";

let client: Pusher | null | undefined;
let warned = false;

export function getPusher(): Pusher | null {
  if (client !== undefined) return client;
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) {
    client = null;
    if (!warned) {
      warned = true;
      console.info("[genflow] Pusher is not configured (PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET): browsers poll the events endpoint instead");
    }
    return client;
  }
  client = new Pusher({
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    cluster: env.PUSHER_CLUSTER ?? "mt1",
    // Only a local Pusher-compatible server sets these; hosted Pusher uses its cluster.
    ...(env.PUSHER_HOST ? { host: env.PUSHER_HOST, port: String(env.PUSHER_PORT ?? 6001), useTLS: false } : { useTLS: true }),
  });
  return client;
}

/** Sends events in seq order (one batch call per 10, Pusher's batch limit). */
export async function publishEvents(events: EventEnvelope[]): Promise<void> {
  const pusher = getPusher();
  if (!pusher || events.length === 0) return;
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10).map((event) => ({ channel: channelFor(event.metadata.sessionId), name: event.type, data: event }));
    try {
      await pusher.triggerBatch(batch);
    } catch (error) {
      console.error(`[genflow] publishing ${batch.length} event(s) failed; clients catch up through the events endpoint:`, (error as Error).message);
    }
  }
}
