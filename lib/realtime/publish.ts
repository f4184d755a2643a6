// Publishing session events to Pusher private channels, best-effort and off every critical path. Events are
// already committed in the event log (the truth) when they get here: `publishEvents` only queues them and
// returns at once, so a slow, hung or dead Pusher never holds a request, a run or the session's event queue.
// Clients notice a missed message by its seq and catch up from the log.
import "server-only";
import Pusher from "pusher";
import { env } from "@/lib/env";
import type { EventEnvelope } from "@/lib/genflow/event-types";
import { describeError, log } from "@/lib/log";
import { channelFor } from "@/lib/realtime/channels";

let client: Pusher | null | undefined;
let warned = false;

export function getPusher(): Pusher | null {
  if (client !== undefined) return client;
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) {
    client = null;
    if (!warned) {
      warned = true;
      log.info("Pusher is not configured (PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET): browsers poll the events endpoint instead");
    }
    return client;
  }
  client = new Pusher({
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    cluster: env.PUSHER_CLUSTER ?? "mt1",
    // Publishing happens in the background; a short limit keeps a hung Pusher from building a backlog.
    timeout: 3_000,
    // Only a local Pusher-compatible server sets these; hosted Pusher uses its cluster.
    ...(env.PUSHER_HOST ? { host: env.PUSHER_HOST, port: String(env.PUSHER_PORT ?? 6001), useTLS: false } : { useTLS: true }),
  });
  return client;
}

// Pusher refuses messages over 10 KB. An event that big (a whole exported article, a full research result)
// goes out as a small stand-in naming its seq; clients fetch the full event from the log.
const MAX_MESSAGE_BYTES = 9_000;
// Events waiting per session; beyond this the oldest are dropped (clients catch up from the log).
const MAX_PENDING_PER_SESSION = 200;
// After a failed request, publishing pauses this long: a dead or hung Pusher costs one timeout, not one per event.
const PAUSE_AFTER_FAILURE_MS = 5_000;

function fitForPusher(event: EventEnvelope): EventEnvelope {
  if (Buffer.byteLength(JSON.stringify(event)) <= MAX_MESSAGE_BYTES) return event;
  const { sessionId, seq } = event.metadata;
  return { ...event, data: { tooLarge: true, fetch: `/api/genflow/sessions/${sessionId}/events?after=${seq - 1}&limit=1` } };
}

// A fresh object per request: the pusher SDK's triggerBatch replaces each message's data with its JSON string.
const toMessage = (event: EventEnvelope) => ({ channel: channelFor(event.metadata.sessionId), name: event.type, data: fitForPusher(event) });

interface Outbox {
  pending: EventEnvelope[];
  sending: Promise<void> | null;
}

const outboxes = new Map<string, Outbox>();
let pausedUntil = 0;
let dropped = 0;

function noteFailure(what: string, error: unknown) {
  const first = Date.now() >= pausedUntil;
  pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
  if (first)
    log.warn(
      { what, pauseSeconds: PAUSE_AFTER_FAILURE_MS / 1000, error: describeError(error) },
      "publishing to Pusher failed; publishes paused (clients catch up through the events endpoint)",
    );
}

/** Sends one batch (up to 10 events, Pusher's limit); a refused batch is retried event by event. */
async function sendBatch(pusher: Pusher, events: EventEnvelope[]): Promise<void> {
  try {
    await pusher.triggerBatch(events.map(toMessage));
    return;
  } catch (error) {
    // A timeout or a refused connection will not go better one by one.
    if (!(error instanceof Pusher.RequestError) || error.status === undefined) return noteFailure(`${events.length} events`, error);
  }
  for (const event of events) {
    if (Date.now() < pausedUntil) return;
    const message = toMessage(event);
    await pusher.trigger(message.channel, message.name, message.data).catch((error: unknown) => noteFailure(`${event.type} #${event.metadata.seq}`, error));
  }
}

async function drain(sessionId: string, outbox: Outbox, pusher: Pusher): Promise<void> {
  while (outbox.pending.length > 0) {
    const batch = outbox.pending.splice(0, 10);
    if (Date.now() < pausedUntil) {
      dropped += batch.length;
      continue;
    }
    await sendBatch(pusher, batch);
  }
  outbox.sending = null;
  if (outbox.pending.length === 0) outboxes.delete(sessionId);
}

/** Queues committed events for Pusher in seq order and returns at once; never throws. */
export function publishEvents(events: EventEnvelope[]): void {
  const pusher = getPusher();
  if (!pusher || events.length === 0) return;
  const sessionId = events[0].metadata.sessionId;
  let outbox = outboxes.get(sessionId);
  if (!outbox) {
    outbox = { pending: [], sending: null };
    outboxes.set(sessionId, outbox);
  }
  outbox.pending.push(...events);
  const excess = outbox.pending.length - MAX_PENDING_PER_SESSION;
  if (excess > 0) {
    outbox.pending.splice(0, excess);
    dropped += excess;
  }
  const box = outbox;
  box.sending ??= drain(sessionId, box, pusher).catch((error: unknown) => {
    dropped += box.pending.length;
    box.pending.length = 0;
    box.sending = null;
    outboxes.delete(sessionId);
    noteFailure("events", error);
  });
}

/** Resolves once everything queued so far has been sent or given up on (tests, graceful shutdown). */
export async function settlePublishing(): Promise<{ dropped: number }> {
  while (outboxes.size > 0) await Promise.all([...outboxes.values()].map((outbox) => outbox.sending ?? Promise.resolve()));
  return { dropped };
}
