// The session's conversation as the seed's `lastMessage` shows it: what the agent last said (a step done, a
// failure in plain words) and what the writer last asked (feedback). Written with the event that causes it.
import "server-only";
import type { Prisma } from "@/lib/db";
import { actionLabel } from "@/lib/genflow/actions/labels";
import type { EventEnvelope } from "@/lib/genflow/event-types";

/** In the event's transaction: the agent's message for a finished or failed run, if the event is one. */
export async function recordMessageForEvent(tx: Prisma.TransactionClient, envelope: EventEnvelope): Promise<void> {
  const { type, data } = envelope;
  const sessionId = envelope.metadata.sessionId;
  if (type === "error" && typeof data.message === "string") {
    await tx.message.create({ data: { sessionId, role: "agent", content: data.message } });
  } else if (type === "action.completed" && data.status === "succeeded" && typeof data.actionId === "string") {
    const action =
      typeof data.action === "string" ? data.action : (await tx.run.findUnique({ where: { id: data.actionId }, select: { action: true } }))?.action;
    if (action) await tx.message.create({ data: { sessionId, role: "agent", content: `${actionLabel(action)}: done` } });
  }
}

/** The writer's own words (feedback on a result). */
export async function recordWriterMessage(
  client: Pick<Prisma.TransactionClient, "message">,
  { sessionId, content }: { sessionId: string; content: string },
): Promise<{ id: string }> {
  return client.message.create({ data: { sessionId, role: "writer", content }, select: { id: true } });
}
