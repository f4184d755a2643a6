// The session's event log: each event gets the next `seq` inside the caller's transaction, so the log has
// no gaps and no duplicates whatever runs concurrently. Publishing to realtime channels reads from here.
import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Emit, EventEnvelope, EventType } from "@/lib/genflow/event-types";
import { recordMessageForEvent } from "@/lib/genflow/messages";
import { enqueueWebhooksForEvent, scheduleWebhookDelivery } from "@/lib/genflow/webhooks/outbox";
import { publishEvents } from "@/lib/realtime/publish";

export { EVENT_TYPES, type Emit, type EventEnvelope, type EventType } from "@/lib/genflow/event-types";

/** What a progress.update also writes on the session row. */
export interface ProgressPatch {
  progress: number;
  currentStep: string | null;
  estimatedTime: number | null;
}

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/** A run's claim on the session: its events are written only while the run is still running under it. */
export interface RunFence {
  runId: string;
  owner: string;
  attempt: number;
}

/** The run was cancelled, failed by recovery, or taken over by another process: it must stop writing. */
export class LeaseLostError extends AppError {
  constructor() {
    super("conflict", "The action was cancelled or taken over");
  }
}

/**
 * The next seq and the event row in one statement: the increment's row lock serialises writers of one session
 * until the surrounding transaction (or this statement) ends. One round trip instead of two, on the path every
 * streamed batch takes.
 */
async function insertEvent(
  client: Queryable,
  { sessionId, type, data, progress, fence }: { sessionId: string; type: EventType; data: Record<string, unknown>; progress?: ProgressPatch; fence?: RunFence },
): Promise<EventEnvelope> {
  const eventId = randomUUID();
  // Times come from here, as UTC wall time: Prisma stores its DateTime columns that way, while now() in SQL
  // would follow the connection's TimeZone.
  const at = new Date();
  const utc = at.toISOString();
  // A progress patch lands only while the session is processing: a step reported by a run that was just
  // cancelled must not overwrite the state of the next one.
  const patching = progress !== undefined;
  // A fenced write (from a run) lands only while that run is running under the same owner and attempt,
  // checked in this very statement: a cancel or a takeover committed a moment ago stops it. It also marks
  // the run's progress for the watchdog.
  const fenced = fence !== undefined;
  const rows = await client.$queryRaw<{ seq: number }[]>`
    WITH fence AS (
      UPDATE "Run" SET "progressAt" = (${utc}::timestamptz AT TIME ZONE 'UTC')
      WHERE ${fenced}::boolean AND id = ${fence?.runId ?? null}::text AND "leaseOwner" = ${fence?.owner ?? null}::text
        AND attempts = ${fence?.attempt ?? 0}::int AND status = 'running'
      RETURNING id
    ), next AS (
      UPDATE "Session" SET "lastSeq" = "lastSeq" + 1, "updatedAt" = (${utc}::timestamptz AT TIME ZONE 'UTC'),
        "progress" = CASE WHEN ${patching}::boolean AND "status" = 'processing' THEN ${progress?.progress ?? 0}::int ELSE "progress" END,
        "currentStep" = CASE WHEN ${patching}::boolean AND "status" = 'processing' THEN ${progress?.currentStep ?? null}::text ELSE "currentStep" END,
        "estimatedTime" = CASE WHEN ${patching}::boolean AND "status" = 'processing' THEN ${progress?.estimatedTime ?? null}::int ELSE "estimatedTime" END
      WHERE id = ${sessionId} AND (NOT ${fenced}::boolean OR EXISTS (SELECT 1 FROM fence)) RETURNING "lastSeq"
    )
    INSERT INTO "Event" (id, "sessionId", seq, type, data, "createdAt")
    SELECT ${eventId}, ${sessionId}, "lastSeq", ${type}, ${JSON.stringify(data)}::jsonb, (${utc}::timestamptz AT TIME ZONE 'UTC') FROM next
    RETURNING seq`;
  const row = rows[0];
  if (!row) throw fenced ? new LeaseLostError() : new AppError("not_found", "Session not found");
  return { type, data, metadata: { timestamp: at.getTime(), eventId, sessionId, seq: row.seq } };
}

export async function listEvents({ sessionId, after, limit = 500 }: { sessionId: string; after: number; limit?: number }) {
  const rows = await db.event.findMany({
    where: { sessionId, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map(
    (row): EventEnvelope => ({
      type: row.type as EventType,
      data: row.data as Record<string, unknown>,
      metadata: { timestamp: row.createdAt.getTime(), eventId: row.id, sessionId, seq: row.seq },
    }),
  );
}

// One writer of events per session at a time in this process: the database already serialises seq
// assignment, and this hands events to the Pusher outbox in seq order (queued there, never awaited here).
const sessionQueues = new Map<string, Promise<unknown>>();

async function inSessionQueue<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
  const previous = sessionQueues.get(sessionId) ?? Promise.resolve();
  const work = previous.catch(() => {}).then(fn);
  sessionQueues.set(sessionId, work);
  try {
    return await work;
  } finally {
    if (sessionQueues.get(sessionId) === work) sessionQueues.delete(sessionId);
  }
}

/**
 * Runs `fn` in a transaction whose events get their seq inside it; once it has committed, the events are
 * published in order. Nothing is published for a transaction that rolled back.
 */
export async function transactWithEvents<T>(sessionId: string, fn: (tx: Prisma.TransactionClient, emit: Emit) => Promise<T>): Promise<T> {
  return inSessionQueue(sessionId, async () => {
    const events: EventEnvelope[] = [];
    let webhooks = 0;
    const result = await db.$transaction(async (tx) =>
      fn(tx, async (event) => {
        const envelope = await insertEvent(tx, { sessionId, ...event });
        events.push(envelope);
        await recordMessageForEvent(tx, envelope);
        webhooks += await enqueueWebhooksForEvent(tx, envelope);
      }),
    );
    publishEvents(events);
    if (webhooks > 0) scheduleWebhookDelivery();
    return result;
  });
}

/**
 * One event on its own (a streamed batch, a progress step): a single statement, no transaction, then
 * published. A progress patch is written on the session row by the same statement; with a fence, the
 * event is refused (LeaseLostError) unless the run still holds the session.
 */
export async function recordEvent(
  sessionId: string,
  event: { type: EventType; data: Record<string, unknown> },
  progress?: ProgressPatch,
  fence?: RunFence,
): Promise<void> {
  await inSessionQueue(sessionId, async () => {
    publishEvents([await insertEvent(db, { sessionId, ...event, progress, fence })]);
  });
}
