// Webhook endpoints per user (URL + events + own secret) and the user's publish secret for sessions'
// publishWebhookUrl. Secrets are returned only when created or rotated.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { generateWebhookSecret } from "@/lib/genflow/webhooks/send";

export const WEBHOOK_EVENTS = ["article.published", "session.completed", "run.failed", "proposal.ready"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const MAX_ENDPOINTS_PER_USER = 20;

export const createWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
});

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const endpointView = { id: true, url: true, events: true, createdAt: true, secretRotatedAt: true } as const;

export async function createWebhookEndpoint({ userId, url, events }: { userId: string } & z.infer<typeof createWebhookSchema>) {
  const count = await db.webhookEndpoint.count({ where: { userId } });
  if (count >= MAX_ENDPOINTS_PER_USER) throw new AppError("conflict", `At most ${MAX_ENDPOINTS_PER_USER} webhooks per account; delete one first`);
  const secret = generateWebhookSecret();
  const row = await db.webhookEndpoint.create({ data: { userId, url, events: [...new Set(events)], secret }, select: endpointView });
  return { ...row, secret };
}

export async function listWebhookEndpoints({ userId }: { userId: string }) {
  return db.webhookEndpoint.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: endpointView });
}

export async function deleteWebhookEndpoint({ id, userId }: { id: string; userId: string }) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Webhook");
}

/** A new secret for the endpoint; the old one stops signing at once. */
export async function rotateWebhookSecret({ id, userId }: { id: string; userId: string }) {
  const secret = generateWebhookSecret();
  const { count } = await db.webhookEndpoint.updateMany({ where: { id, userId }, data: { secret, secretRotatedAt: new Date() } });
  if (count === 0) throw notFound("Webhook");
  return { id, secret };
}

export async function listWebhookDeliveries({ id, userId, limit }: { id: string; userId: string; limit: number }) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, userId }, select: { id: true } });
  if (!endpoint) throw notFound("Webhook");
  const deliveries = await db.webhookDelivery.findMany({
    where: { endpointId: id },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      nextAttemptAt: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
  return deliveries.map(({ nextAttemptAt, ...d }) => ({ ...d, nextAttemptAt: d.status === "pending" ? nextAttemptAt : null }));
}

/** Whether the user has a publish secret (for sessions' publishWebhookUrl), and since when. */
export async function getPublishSecretState({ userId }: { userId: string }) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { webhookSecret: true } });
  return { configured: Boolean(user?.webhookSecret) };
}

/** Creates or replaces the user's publish secret and returns it (this once). */
export async function rotatePublishSecret({ userId }: { userId: string }) {
  const secret = generateWebhookSecret();
  await db.user.update({ where: { id: userId }, data: { webhookSecret: secret } });
  return { secret };
}
