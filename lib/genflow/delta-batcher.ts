// Streamed text goes to the event log and Pusher in batches: at most one draft.delta every ~200 ms per run,
// each under Pusher's 10 KB message limit, carrying the text since the last batch and its offset.
import "server-only";
import type { EventType } from "@/lib/genflow/events";
import { describeError, log } from "@/lib/log";

const FLUSH_MS = 200;
// Pusher's limit is 10 KB for the whole message; keep the text well below it (UTF-8 Chinese is 3 bytes/char).
const MAX_BATCH_BYTES = 7_000;

export class DeltaBatcher {
  private pending = "";
  private offset = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly emit: (type: EventType, data: Record<string, unknown>) => Promise<void>) {}

  push(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Sends what is pending (in order, one batch after another) and waits for every send so far. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending) {
      const piece = takeBytes(this.pending, MAX_BATCH_BYTES);
      this.pending = this.pending.slice(piece.length);
      const offset = this.offset;
      this.offset += piece.length;
      // A batch that cannot be written is logged and skipped: the run's final text is the source of truth.
      this.chain = this.chain.then(() =>
        this.emit("draft.delta", { offset, text: piece }).catch((error: unknown) => log.warn({ error: describeError(error) }, "a draft.delta batch was not recorded")),
      );
    }
    return this.chain;
  }

  get length(): number {
    return this.offset + this.pending.length;
  }
}

function takeBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let end = Math.min(text.length, maxBytes);
  while (Buffer.byteLength(text.slice(0, end)) > maxBytes) end = Math.floor(end * 0.9);
  return text.slice(0, end);
}
