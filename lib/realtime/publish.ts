// Publishing session events to Pusher private channels. Events are already in the database (the event log)
// when this runs: a failed publish is logged and never fails the action — replay covers the gap.
import "server-only";
import Pusher from "pusher";
import { env } from "@/lib/env";
import type { EventEnvelope } from "@/lib/genflow/event-types";
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
    // A publish runs in the session's event queue: a hung request must not hold the session's next events.
    // Whatever times out is still in the event log, where clients catch up.
    timeout: 5_000,
    // Only a local Pusher-compatible server sets these; hosted Pusher uses its cluster.
    ...(env.PUSHER_HOST ? { host: env.PUSHER_HOST, port: String(env.PUSHER_PORT ?? 6001), useTLS: false } : { useTLS: true }),
  });
  return client;
}

// Pusher refuses messages over 10 KB. An event that big (a whole exported article, a full research result)
// goes out as a small stand-in naming its seq; clients fetch the full event from the log.
const MAX_MESSAGE_BYTES = 9_000;

function fitForPusher(event: EventEnvelope): EventEnvelope {
  if (Buffer.byteLength(JSON.stringify(event)) <= MAX_MESSAGE_BYTES) return event;
  const { sessionId, seq } = event.metadata;
  return { ...event, data: { tooLarge: true, fetch: `/api/genflow/sessions/${sessionId}/events?after=${seq - 1}&limit=1` } };
}

/** Sends events in seq order (batches of 10, Pusher's limit; a refused batch is retried event by event). */
export async function publishEvents(events: EventEnvelope[]): Promise<void> {
  const pusher = getPusher();
  if (!pusher || events.length === 0) return;
  const toMessage = (event: EventEnvelope) => ({ channel: channelFor(event.metadata.sessionId), name: event.type, data: fitForPusher(event) });
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10).map(toMessage);
    try {
      await pusher.triggerBatch(batch);
    } catch {
      for (const message of batch) {
        try {
          await pusher.trigger(message.channel, message.name, message.data);
        } catch (error) {
          console.error(`[genflow] publishing ${message.name} #${message.data.metadata.seq} failed; clients catch up through the events endpoint:`, (error as Error).message);
        }
      }
    }
  }
}
