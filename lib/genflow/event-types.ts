// The events of a session's log and their envelope: shared by the log (events.ts) and the publisher
// (lib/realtime/publish.ts), which must not import each other.
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
  "proposal.ready",
  "proposal.resolved",
  "article.updated",
  "action.completed",
  "error",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventEnvelope {
  type: EventType;
  data: Record<string, unknown>;
  metadata: { timestamp: number; eventId: string; sessionId: string; seq: number };
}

/** Appends an event to the log inside the caller's transaction (numbered there, published after commit). */
export type Emit = (event: { type: EventType; data: Record<string, unknown> }) => Promise<void>;
