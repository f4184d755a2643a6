import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// lib/env reads the environment once: allow the loopback receiver before the modules load.
process.env.FETCH_ALLOW_PRIVATE_HOSTS = "true";
const { db } = await import("@/lib/db");
const { transactWithEvents } = await import("@/lib/genflow/events");
const { createSession } = await import("@/lib/genflow/sessions");
const { createWebhookEndpoint } = await import("@/lib/genflow/webhooks/endpoints");
const { deliverDueWebhooks, RETRY_DELAYS_SECONDS, sendDelivery } = await import("@/lib/genflow/webhooks/outbox");
const { signWebhook } = await import("@/lib/genflow/webhooks/send");
const { createTestUser } = await import("@/scripts/test/factories");

let receiver: Server;
let url = "";
const received: { body: string; signature: string; timestamp: string }[] = [];
let answer = 200;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["x-genflow-signature"]), timestamp: String(req.headers["x-genflow-timestamp"]) });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(() => {
  receiver.close();
});

async function failRun(sessionId: string) {
  await transactWithEvents(sessionId, async (_tx, emit) => {
    await emit({ type: "error", data: { actionId: "run-1", action: "write_draft", message: "The model did not answer", retryable: true } });
  });
}

describe("webhook outbox", () => {
  it("a run.failed event enqueues a delivery in the event's transaction; a rolled-back one enqueues nothing", async () => {
    const user = await createTestUser();
    const hook = await createWebhookEndpoint({ userId: user.id, url, events: ["run.failed"] });
    const { sessionId } = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    await expect(
      transactWithEvents(sessionId, async (_tx, emit) => {
        await emit({ type: "error", data: { actionId: "x", action: "write_draft", message: "boom", retryable: true } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.webhookDelivery.count({ where: { endpointId: hook.id } })).toBe(0);

    answer = 200;
    await failRun(sessionId);
    await deliverDueWebhooks();
    const [delivery] = await db.webhookDelivery.findMany({ where: { endpointId: hook.id } });
    expect(delivery).toMatchObject({ event: "run.failed", status: "delivered", attempts: 1, lastStatusCode: 200 });
    const sent = received.find((r) => JSON.parse(r.body).id === delivery.id);
    expect(sent && JSON.parse(sent.body)).toMatchObject({ event: "run.failed", sessionId, action: "write_draft", message: "The model did not answer" });
    expect(sent?.signature).toBe(signWebhook({ body: sent?.body ?? "", timestamp: sent?.timestamp ?? "", secret: hook.secret }));
    // The session's lastMessage carries the agent's words for the failure.
    const last = await db.message.findFirst({ where: { sessionId }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ role: "agent", content: "The model did not answer" });
  });

  it("retries with the backoff schedule and gives up after the last attempt", async () => {
    const user = await createTestUser();
    const hook = await createWebhookEndpoint({ userId: user.id, url, events: ["run.failed"] });
    const { sessionId } = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    answer = 503;
    await failRun(sessionId);
    const due = () => db.webhookDelivery.updateMany({ where: { endpointId: hook.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    for (let attempt = 1; attempt <= RETRY_DELAYS_SECONDS.length + 1; attempt++) {
      const before = Date.now();
      await deliverDueWebhooks();
      const row = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
      expect(row.attempts).toBe(attempt);
      expect(row.lastStatusCode).toBe(503);
      if (attempt <= RETRY_DELAYS_SECONDS.length) {
        expect(row.status).toBe("pending");
        const waited = (row.nextAttemptAt.getTime() - before) / 1000;
        expect(waited).toBeGreaterThanOrEqual(RETRY_DELAYS_SECONDS[attempt - 1] - 1);
        expect(waited).toBeLessThanOrEqual(RETRY_DELAYS_SECONDS[attempt - 1] + 5);
        // Not due yet: a pass now leaves it alone.
        await deliverDueWebhooks();
        expect((await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } })).attempts).toBe(attempt);
        await due();
      } else {
        expect(row.status).toBe("failed");
      }
    }
    answer = 200;
  });

  it("50 senders racing for one due delivery (as separate processes would) send it once: the claim is a conditional update", async () => {
    const user = await createTestUser();
    const { sessionId } = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const hook = await createWebhookEndpoint({ userId: user.id, url, events: ["run.failed"] });
    answer = 200;
    const row = await db.webhookDelivery.create({
      data: { userId: user.id, endpointId: hook.id, url, event: "run.failed", payload: { event: "run.failed", sessionId } },
    });
    const before = received.length;
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => sendDelivery({ id: row.id })));
    expect(outcomes.filter((o) => o === "delivered")).toHaveLength(1);
    expect(outcomes.filter((o) => o === null)).toHaveLength(49);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "delivered", attempts: 1 });
    expect(received.slice(before).filter((r) => JSON.parse(r.body).id === row.id)).toHaveLength(1);
  });
});
