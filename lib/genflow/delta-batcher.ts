// Streamed text goes to the event log and Pusher in batches: at most one draft.delta every ~200 ms per run,
// each under Pusher's 10 KB message limit, carrying the text since the last batch and its offset.
// A batch that cannot be written stays pending and is written again, at the same offset, by the next flush:
// the log never has a silent hole. A fenced-out run (cancelled, taken over) stops at once.
import "server-only";
import { LeaseLostError } from "@/lib/genflow/events";
import { describeError, log } from "@/lib/log";

const FLUSH_MS = 200;
const RETRY_MS = 1_000;
// Pusher's limit is 10 KB for the whole message; keep the text well below it (UTF-8 Chinese is 3 bytes/char).
const MAX_BATCH_BYTES = 7_000;

export class DeltaBatcher {
  /** Text not yet in the log; it starts at `written`. */
  private pending = "";
  private written = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Writes that failed and were tried again. */
  failures = 0;

  constructor(
    private readonly emit: (data: { offset: number; text: string }) => Promise<void>,
    private readonly onLeaseLost: (error: LeaseLostError) => void = () => {},
  ) {}

  push(text: string): void {
    if (this.stopped) return;
    this.pending += text;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is pending (in order, one batch after another); resolves once done or given up for now. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chain = this.chain.then(() => this.writePending());
    return this.chain;
  }

  /** Stops the retry timer (the run is over; its final text is in the run's outcome). */
  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Text not written to the log yet (after a final flush: what the database refused). */
  get unwritten(): number {
    return this.pending.length;
  }

  private async writePending(): Promise<void> {
    // Only the text pending when this write began (in pieces under the size limit). Text arriving while it is
    // written waits for the timer its push has set: looping until nothing is pending would write back to back,
    // one batch per database round trip instead of one per FLUSH_MS.
    let due = this.pending.length;
    while (due > 0 && !this.stopped) {
      const piece = takeBytes(this.pending.slice(0, due), MAX_BATCH_BYTES);
      try {
        await this.emit({ offset: this.written, text: piece });
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.close();
          this.pending = "";
          this.onLeaseLost(error);
          return;
        }
        this.failures++;
        log.warn({ error: describeError(error) }, "a draft.delta batch was not recorded; retrying");
        if (!this.stopped) this.timer ??= setTimeout(() => void this.flush(), RETRY_MS);
        return;
      }
      this.pending = this.pending.slice(piece.length);
      this.written += piece.length;
      due -= piece.length;
    }
  }
}

function takeBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let end = Math.min(text.length, maxBytes);
  while (Buffer.byteLength(text.slice(0, end)) > maxBytes) end = Math.floor(end * 0.9);
  return text.slice(0, end);
}
