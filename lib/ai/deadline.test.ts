// The model fetch's body chunking, on a body this test writes itself (the base fetch is injected): the first
// chunk passes at once, chunks arriving together pass as one with every byte in order, 0 turns it off, and a
// failing body still fails the reader. Deadlines over real HTTP: deadline.integration.test.ts.
import { describe, expect, it } from "vitest";
import { createDeadlineFetch } from "@/lib/ai/deadline";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The wrapped fetch's response to a body the test writes itself: `write`, `end` and `fail` drive the body,
 * `reader` reads what the wrapper hands on, `next()` the next chunk as text.
 */
async function respond(coalesceMs: number) {
  let writer!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      writer = controller;
    },
  });
  const base: typeof fetch = async () => new Response(body, { status: 200 });
  const options = { firstByteMs: () => 5_000, idleMs: () => 5_000, coalesceMs: () => coalesceMs };
  const response = await createDeadlineFetch(options, base)("http://model.test/v1/chat/completions");
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  return {
    reader,
    next: async () => decoder.decode((await reader.read()).value),
    write: (text: string) => writer.enqueue(encoder.encode(text)),
    end: () => writer.close(),
    fail: (e: Error) => writer.error(e),
  };
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string[]> {
  const reads: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return reads;
    reads.push(decoder.decode(value));
  }
}

describe("createDeadlineFetch body chunks", () => {
  it("passes the first chunk at once, then hands on chunks that arrive together as one, every byte in order", async () => {
    const body = await respond(10_000);
    body.write("data: 0\n\n");
    // The first chunk comes without waiting for the (deliberately long) window.
    expect(await body.next()).toBe("data: 0\n\n");
    for (let i = 1; i <= 9; i++) body.write(`data: ${i}\n\n`);
    body.end();
    // The end flushes what the window held: nine SSE events in one chunk.
    expect(await readAll(body.reader)).toEqual([Array.from({ length: 9 }, (_, i) => `data: ${i + 1}\n\n`).join("")]);
  });

  it("with 0 ms passes every chunk on its own", async () => {
    const body = await respond(0);
    for (let i = 0; i < 5; i++) body.write(`data: ${i}\n\n`);
    body.end();
    expect(await readAll(body.reader)).toEqual(["data: 0\n\n", "data: 1\n\n", "data: 2\n\n", "data: 3\n\n", "data: 4\n\n"]);
  });

  it("flushes a held chunk when its window ends, while the body is still open", async () => {
    const body = await respond(20);
    body.write("a");
    expect(await body.next()).toBe("a");
    body.write("b");
    body.write("c");
    // Nothing more is written and the body stays open: the window's timer hands "bc" on.
    expect(await body.next()).toBe("bc");
    body.end();
    expect((await body.reader.read()).done).toBe(true);
  });

  it("a body that fails hands on every byte that came first, then fails the reader with its error", async () => {
    const body = await respond(10_000);
    body.write("a");
    expect(await body.next()).toBe("a");
    // Read from the body and held in the window when the body fails: still delivered, before the error.
    body.write("b");
    body.write("c");
    await new Promise((resolve) => setTimeout(resolve, 10)); // the wrapper reads them (a failing source drops unread ones)
    body.fail(new Error("socket hang up"));
    expect(await body.next()).toBe("bc");
    await expect(body.reader.read()).rejects.toThrow("socket hang up");
  });
});
