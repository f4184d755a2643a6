// The session's event log: each event gets the next `seq` inside the caller's transaction, so the log has
// no gaps and no duplicates whatever runs concurrently. Publishing to realtime channels reads from here.
import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { publishEvents } from "@/lib/realtime/publish";

export const EVENT_TYPES = [
  "stage.change",
  "progress.update",
  "topics.discovered",
  "research.completed",
  "draft.delta",
  "draft.completed",
  "style.applied",
  "review.completed",
  "suggestion.ready",
  "action.completed",
  "error",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventEnvelope {
  type: EventType;
  data: Record<string, unknown>;
  metadata: { timestamp: number; eventId: string; sessionId: string; seq: number };
}

async function appendEvent(
  tx: Prisma.TransactionClient,
  { sessionId, type, data }: { sessionId: string; type: EventType; data: Record<string, unknown> },
): Promise<EventEnvelope> {
  // The row lock taken by this increment serialises writers of one session until the transaction ends.
  const { lastSeq } = await tx.session.update({
    where: { id: sessionId },
    data: { lastSeq: { increment: 1 } },
    select: { lastSeq: true },
  });
  const eventId = randomUUID();
  const row = await tx.event.create({
    data: { id: eventId, sessionId, seq: lastSeq, type, data: data as Prisma.InputJsonValue },
    select: { createdAt: true },
  });
  return { type, data, metadata: { timestamp: row.createdAt.getTime(), eventId, sessionId, seq: lastSeq } };
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

export type Emit = (event: { type: EventType; data: Record<string, unknown> }) => Promise<void>;

// One writer of events per session at a time in this process, transaction and publish together: the database
// already serialises seq assignment, and this keeps Pusher messages in seq order as well.
const sessionQueues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` in a transaction whose events get their seq inside it; once it has committed, the events are
 * published in order. Nothing is published for a transaction that rolled back.
 */
export async function transactWithEvents<T>(
  sessionId: string,
  fn: (tx: Prisma.TransactionClient, emit: Emit) => Promise<T>,
): Promise<T> {
  const previous = sessionQueues.get(sessionId) ?? Promise.resolve();
  const work = previous.catch(() => {}).then(async () => {
    const events: EventEnvelope[] = [];
    const result = await db.$transaction(async (tx) =>
      fn(tx, async (event) => {
        events.push(await appendEvent(tx, { sessionId, ...event }));
      }),
    );
    await publishEvents(events);
    return result;
  });
  sessionQueues.set(sessionId, work);
  try {
    return await work;
  } finally {
    if (sessionQueues.get(sessionId) === work) sessionQueues.delete(sessionId);
  }
}
