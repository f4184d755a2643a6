// Hard deadlines for model HTTP calls, as a `fetch` for the provider: one for the first byte (the response
// headers) and one for the silence between body chunks. They are plain timers held here and cleared here,
// and they abort a controller held here too: AbortSignal.timeout combined through AbortSignal.any stops
// firing once the garbage collector has run while a call hangs (nodejs/node#57736), which left runs hanging
// for good with a fresh heartbeat.
import "server-only";

/** Thrown into the call when a deadline passes; named TimeoutError so the AI SDK passes it through unwrapped. */
export class ModelDeadlineError extends Error {
  constructor(
    readonly phase: "first_byte" | "idle",
    readonly ms: number,
  ) {
    super(phase === "first_byte" ? `the model sent nothing for ${ms} ms` : `the model stream went silent for ${ms} ms`);
    this.name = "TimeoutError";
  }
}

export interface DeadlineOptions {
  firstByteMs: () => number;
  idleMs: () => number;
  /** Body chunks arriving within this many ms are passed on together (0: each on its own). */
  coalesceMs?: () => number;
}

type Fetch = typeof globalThis.fetch;

export function createDeadlineFetch({ firstByteMs, idleMs, coalesceMs = () => 0 }: DeadlineOptions, base: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal ?? undefined;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener("abort", forward, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const release = () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    };
    const arm = (phase: "first_byte" | "idle", ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        release();
        controller.abort(new ModelDeadlineError(phase, ms));
      }, ms);
    };
    arm("first_byte", firstByteMs());
    let response: Response;
    try {
      response = await base(input, { ...init, signal: controller.signal });
    } catch (error) {
      release();
      // undici rejects with the abort reason; make sure a deadline reads as one whatever the runtime does.
      throw controller.signal.aborted ? (controller.signal.reason ?? error) : error;
    }
    const body = response.body;
    if (!body) {
      release();
      return response;
    }
    const reader = body.getReader();
    const idle = idleMs();
    arm("idle", idle);
    const coalesce = coalesceMs();
    // Chunks that arrive within `coalesce` ms of each other are handed on as one (the first of a response
    // never waits): a model sends one SSE event per token, and each byte chunk would otherwise cross the SDK's
    // per-chunk stream layers (text decoding, SSE splitting) alone. Every event is still parsed by the SDK.
    let buffered: Uint8Array[] = [];
    let flushTimer: NodeJS.Timeout | undefined;
    let passedFirst = false;
    let cancelled = false;
    // A body that fails after chunks were queued fails the stream once the reader has taken them (error()
    // would drop them): the SDK sees every byte that arrived, then the error.
    let failure: { error: unknown } | undefined;
    let sink: ReadableStreamDefaultController<Uint8Array>;
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      if (buffered.length === 0 || cancelled) return;
      sink.enqueue(buffered.length === 1 ? buffered[0] : Buffer.concat(buffered));
      buffered = [];
    };
    const pump = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (cancelled) return;
        if (done) {
          flush();
          release();
          sink.close();
          return;
        }
        arm("idle", idle);
        if (!passedFirst || coalesce <= 0) {
          passedFirst = true;
          sink.enqueue(value);
          continue;
        }
        buffered.push(value);
        flushTimer ??= setTimeout(flush, coalesce);
      }
    };
    const guarded = new ReadableStream<Uint8Array>({
      start(controllerOfStream) {
        sink = controllerOfStream;
        pump().catch((error: unknown) => {
          release();
          if (cancelled) return;
          flush();
          failure = { error: controller.signal.aborted ? (controller.signal.reason ?? error) : error };
          if ((sink.desiredSize ?? 0) > 0) sink.error(failure.error);
        });
      },
      pull() {
        // Called when the reader wants more and the queue is empty.
        if (failure) sink.error(failure.error);
      },
      cancel(reason) {
        cancelled = true;
        clearTimeout(flushTimer);
        flushTimer = undefined;
        buffered = [];
        release();
        controller.abort(reason);
        return reader.cancel(reason).catch(() => {});
      },
    });
    return new Response(guarded, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
