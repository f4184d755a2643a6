// Delivers a session's events to the client exactly once and in seq order, whatever the transport does:
// duplicates are dropped, a gap (a missed Pusher message, a reconnect) triggers a catch-up from the log.
export interface SequencedEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { seq: number; sessionId: string; eventId: string; timestamp: number };
}

export type FetchAfter = (seq: number) => Promise<{ events: SequencedEvent[]; lastSeq: number }>;

export class EventSequencer {
  private lastSeq: number;
  private buffered = new Map<number, SequencedEvent>();
  private catching: Promise<void> | null = null;

  constructor(
    initialSeq: number,
    private readonly apply: (event: SequencedEvent) => void,
    private readonly fetchAfter: FetchAfter,
  ) {
    this.lastSeq = initialSeq;
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** An event from the live transport. */
  receive(event: SequencedEvent): void {
    const seq = event.metadata.seq;
    if (seq <= this.lastSeq) return;
    // Too big for a Pusher message: the live copy only names it; the log has the whole event.
    if (event.data?.tooLarge) {
      void this.catchUp().catch(() => {});
      return;
    }
    this.buffered.set(seq, event);
    this.drain();
    if (this.buffered.size > 0) void this.catchUp();
  }

  /** Fetches everything after the last applied seq (on connect, reconnect, a gap, or a poll). */
  catchUp(): Promise<void> {
    this.catching ??= (async () => {
      try {
        for (;;) {
          const before = this.lastSeq;
          const { events, lastSeq } = await this.fetchAfter(before);
          for (const event of events) if (event.metadata.seq > this.lastSeq) this.buffered.set(event.metadata.seq, event);
          this.drain();
          if (this.lastSeq >= lastSeq || this.lastSeq === before) break;
        }
      } finally {
        this.catching = null;
      }
    })();
    return this.catching;
  }

  private drain(): void {
    for (let next = this.buffered.get(this.lastSeq + 1); next; next = this.buffered.get(this.lastSeq + 1)) {
      this.buffered.delete(next.metadata.seq);
      this.lastSeq = next.metadata.seq;
      this.apply(next);
    }
  }
}
