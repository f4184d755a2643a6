// Webhook deliveries as durable work: rows written in the same transaction as the session event that
// causes them (nothing is announced for a rolled-back change, nothing is lost to a crash after commit),
// sent by deliverDueWebhooks() — scheduled after the response, and callable by a periodic sweep — and
// retried with backoff until they succeed or run out of attempts.
import "server-only";
import { z } from "zod";
import { after } from "next/server";
import { db, type Prisma } from "@/lib/db";
import type { EventEnvelope } from "@/lib/genflow/event-types";
import type { WebhookEvent } from "@/lib/genflow/webhooks/endpoints";
import { generateWebhookSecret, sendWebhook } from "@/lib/genflow/webhooks/send";

/** Seconds to wait after the n-th failed attempt; after the last one the delivery is marked failed. */
export const RETRY_DELAYS_SECONDS = [10, 60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60];
const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
const LOCK_MS = 60_000;
const publishedVariant = z.object({ variantId: z.string() });

/** The webhook event a session event means, if any. */
function webhookEventsFor(envelope: Pick<EventEnvelope, "type" | "data">): WebhookEvent[] {
  const { type, data } = envelope;
  if (type === "error") return ["run.failed"];
  if ((type as string) === "proposal.ready") return ["proposal.ready"];
  if (type === "action.completed" && data.action === "complete" && data.status === "succeeded") return ["article.published", "session.completed"];
  return [];
}

/**
 * In the event's transaction: one delivery row per endpoint of the session's owner subscribed to the
 * event, plus the session's own publishWebhookUrl for article.published. Returns how many were written.
 */
export async function enqueueWebhooksForEvent(tx: Prisma.TransactionClient, envelope: EventEnvelope): Promise<number> {
  const events = webhookEventsFor(envelope);
  if (events.length === 0) return 0;
  const { sessionId } = envelope.metadata;
  const session = await tx.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, context: true, stage: true, article: { select: { id: true, title: true, language: true, content: true, version: true } } },
  });
  if (!session) return 0;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { userId: session.userId, events: { hasSome: events } },
    select: { id: true, url: true, events: true },
  });
  const occurredAt = new Date(envelope.metadata.timestamp).toISOString();
  // Published as a platform variant (complete with variantId): the delivery carries the variant too.
  const published = publishedVariant.safeParse(envelope.data.result);
  const variant =
    events.includes("article.published") && published.success
      ? await tx.variant.findFirst({
          where: { id: published.data.variantId, articleId: session.article.id },
          select: { id: true, platform: true, preset: true, title: true, content: true, version: true },
        })
      : null;
  const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const event of events) {
    const payload = {
      event,
      sessionId,
      occurredAt,
      ...(event === "run.failed" ? { actionId: envelope.data.actionId, action: envelope.data.action, message: envelope.data.message } : {}),
      ...(event === "proposal.ready" ? { proposal: envelope.data } : {}),
      ...(event === "article.published" || event === "session.completed" ? { article: session.article, publishedAt: occurredAt } : {}),
      ...(event === "article.published" && variant ? { variant } : {}),
    } as Prisma.InputJsonValue;
    for (const endpoint of endpoints) {
      if (endpoint.events.includes(event)) rows.push({ userId: session.userId, endpointId: endpoint.id, url: endpoint.url, event, payload });
    }
    const publishUrl = (session.context as { publishWebhookUrl?: unknown } | null)?.publishWebhookUrl;
    if (event === "article.published" && typeof publishUrl === "string") {
      rows.push({ userId: session.userId, endpointId: null, url: publishUrl, event, payload });
    }
  }
  if (rows.length === 0) return 0;
  await tx.webhookDelivery.createMany({ data: rows });
  return rows.length;
}

type Tally = { delivered: number; failed: number; retrying: number };
let running: Promise<Tally> | null = null;
let queued: Promise<Tally> | null = null;

/**
 * Sends deliveries now due; schedules itself again for the next retry while this process lives. One pass
 * at a time per process: a call during a pass waits for the next one, which sees what it enqueued.
 */
export function deliverDueWebhooks({ limit = 50 }: { limit?: number } = {}): Promise<Tally> {
  if (!running) {
    running = sendDue(limit).finally(() => {
      running = null;
    });
    return running;
  }
  queued ??= running
    .catch(() => undefined)
    .then(() => {
      queued = null;
      return deliverDueWebhooks({ limit });
    });
  return queued;
}

async function sendDue(limit: number): Promise<Tally> {
  const now = new Date();
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const tally: Tally = { delivered: 0, failed: 0, retrying: 0 };
  await Promise.all(
    due.map(async ({ id }) => {
      const outcome = await sendDelivery({ id, now });
      if (outcome) tally[outcome]++;
    }),
  );
  if (tally.retrying > 0) scheduleRetrySweep();
  return tally;
}

/** Claims one due delivery and sends it; null when another pass (here or in another process) has it. */
export async function sendDelivery({ id, now = new Date() }: { id: string; now?: Date }): Promise<"delivered" | "failed" | "retrying" | null> {
  // The claim: one sender per delivery across processes, by a conditional update.
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: { increment: 1 } },
  });
  if (count === 0) return null;
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { id },
    include: { endpoint: { select: { secret: true } }, user: { select: { id: true, webhookSecret: true } } },
  });
  const secret = delivery.endpoint?.secret ?? delivery.user.webhookSecret ?? (await ensurePublishSecret(delivery.user.id));
  const outcome = await sendWebhook({
    url: delivery.url,
    body: JSON.stringify({ id: delivery.id, ...(delivery.payload as object) }),
    secret,
    deliveryId: delivery.id,
    event: delivery.event,
  });
  const finalAttempt = delivery.attempts >= MAX_ATTEMPTS;
  const status = outcome.ok ? "delivered" : finalAttempt ? "failed" : "pending";
  const delay = RETRY_DELAYS_SECONDS[Math.min(delivery.attempts - 1, RETRY_DELAYS_SECONDS.length - 1)] * 1000;
  await db.webhookDelivery.update({
    where: { id },
    data: {
      status,
      lockedUntil: null,
      lastStatusCode: outcome.status ?? null,
      lastError: outcome.ok ? null : (outcome.error ?? null),
      deliveredAt: outcome.ok ? new Date() : null,
      nextAttemptAt: status === "pending" ? new Date(Date.now() + delay) : delivery.nextAttemptAt,
    },
  });
  if (!delivery.endpointId) await noteOnSession({ payload: delivery.payload, outcome, willRetry: status === "pending" });
  return status === "pending" ? "retrying" : status;
}

async function ensurePublishSecret(userId: string): Promise<string> {
  const secret = generateWebhookSecret();
  await db.user.updateMany({ where: { id: userId, webhookSecret: null }, data: { webhookSecret: secret } });
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { webhookSecret: true } });
  return user.webhookSecret ?? secret;
}

/** A session's publish webhook reports its outcome to the writer as a session message. */
async function noteOnSession({
  payload,
  outcome,
  willRetry,
}: {
  payload: Prisma.JsonValue;
  outcome: { ok: boolean; status?: number; error?: string };
  willRetry: boolean;
}) {
  const sessionId = payload && typeof payload === "object" && !Array.isArray(payload) ? payload.sessionId : undefined;
  if (typeof sessionId !== "string") return;
  const content = outcome.ok
    ? `Publish webhook delivered (HTTP ${outcome.status})`
    : `Publish webhook failed: ${outcome.error ?? `HTTP ${outcome.status}`}${willRetry ? "; it will be retried" : ""}`;
  await db.message.create({ data: { sessionId, role: "system", content } }).catch(() => {});
}

let retryTimer: NodeJS.Timeout | undefined;

// While this process lives, come back for the next retry; a sweep (cron) covers processes that end.
function scheduleRetrySweep() {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    deliverDueWebhooks().catch((error) => console.error("[genflow] webhook retry sweep failed", error));
  }, RETRY_DELAYS_SECONDS[0] * 1000);
  retryTimer.unref();
}

/** After the response (or now, outside a request): send what was just enqueued. */
export function scheduleWebhookDelivery(): void {
  const send = () =>
    deliverDueWebhooks().then(
      () => undefined,
      (error: unknown) => console.error("[genflow] webhook delivery failed", error),
    );
  try {
    after(send);
  } catch {
    void send();
  }
}
