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
}

type Fetch = typeof globalThis.fetch;

export function createDeadlineFetch({ firstByteMs, idleMs }: DeadlineOptions, base: Fetch = globalThis.fetch): Fetch {
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
    const guarded = new ReadableStream<Uint8Array>({
      async pull(sink) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            sink.close();
            return;
          }
          arm("idle", idle);
          sink.enqueue(value);
        } catch (error) {
          release();
          sink.error(controller.signal.aborted ? (controller.signal.reason ?? error) : error);
        }
      },
      cancel(reason) {
        release();
        controller.abort(reason);
        return reader.cancel(reason).catch(() => {});
      },
    });
    return new Response(guarded, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
