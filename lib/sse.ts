// A Server-Sent Events response fed by an async producer: each `send` is one `data:` line, `[DONE]` ends it.
// An error after the stream started cannot change the status code, so it goes out as an error event.
import "server-only";
import { AppError } from "@/lib/errors";
import { currentRequestId, describeError, log } from "@/lib/log";

export function wantsEventStream(req: Request): boolean {
  return req.headers.get("accept")?.includes("text/event-stream") ?? false;
}

export function sseResponse(produce: (send: (data: unknown) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
      try {
        await produce(send);
      } catch (error) {
        const known = error instanceof AppError;
        if (!known) log.error({ error: describeError(error) }, "stream failed");
        const requestId = currentRequestId();
        send({
          type: "error",
          code: known ? error.code : "internal_error",
          message: known ? error.message : "Something went wrong; please retry",
          ...(requestId ? { requestId } : {}),
        });
      }
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
