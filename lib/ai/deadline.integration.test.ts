// Model-call deadlines against the fake OpenAI server over HTTP, with the garbage collector forced while calls
// hang: AbortSignal.timeout stopped firing after a GC (nodejs/node#57736) and left runs hanging for good.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let call: typeof import("@/lib/ai/call");
let z: typeof import("zod").z;

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 5, tokensPerSecond: 400 } });
  // lib/env reads the environment once, on first import.
  Object.assign(process.env, {
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "test",
    GENFLOW_MODEL: "fake-model",
    GENFLOW_MODEL_TIMEOUT_SECONDS: "1",
    GENFLOW_MODEL_IDLE_SECONDS: "1",
  });
  call = await import("@/lib/ai/call");
  ({ z } = await import("zod"));
});

afterAll(async () => {
  await fake?.stop();
});

/** Collects garbage every 50 ms until stopped: the condition under which the old timeout never fired. */
function forceGcMeanwhile() {
  const gc = globalThis.gc;
  if (!gc) throw new Error("run under node --expose-gc (vitest.config.ts sets execArgv)");
  let collections = 0;
  const timer = setInterval(() => {
    gc();
    collections++;
  }, 50);
  return () => {
    clearInterval(timer);
    return collections;
  };
}

function context(faults: string[]) {
  return { stage: "topic" as const, onFault: (kind: string) => faults.push(kind) };
}

describe("model deadlines", () => {
  it("a hung structured call fails after its first-byte deadline and one retry, with GC forced all along", async () => {
    fake.setFaults({ queue: ["hang", "hang"] });
    const faults: string[] = [];
    const stopGc = forceGcMeanwhile();
    const started = Date.now();
    const error = await call
      .generateStructured({ ctx: context(faults), schema: z.object({ title: z.string() }), instructions: "Topic: gc", prompt: "Topic: gc" })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    // A loaded machine collects less often than every 50 ms; what matters is that collections ran meanwhile.
    expect(stopGc()).toBeGreaterThanOrEqual(5);
    expect((error as Error).message).toBe("The model did not answer within 1 s (2 attempts); please retry in a moment");
    expect(faults).toEqual(["timeout", "timeout"]);
    // A provider that does not answer is an outage: 503 with Retry-After on a synchronous route.
    expect(error).toMatchObject({ code: "service_unavailable", headers: { "Retry-After": "10" } });
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    // Two 1 s deadlines and a short pause; the old AbortSignal.timeout never fired at all under forced GC.
    expect(elapsed).toBeLessThan(6000);
  });

  it("a stream that goes silent mid-answer fails within the idle deadline, with GC forced", async () => {
    fake.setFaults({ queue: ["stall", "stall"], stallAfterChunks: 5 });
    const faults: string[] = [];
    const shown: string[] = [];
    const stopGc = forceGcMeanwhile();
    const started = Date.now();
    const error = await call
      .streamProse({ ctx: context(faults), instructions: "Topic: stall", prompt: "Target words: 200", onDelta: (d) => shown.push(d) })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(stopGc()).toBeGreaterThanOrEqual(5);
    expect((error as Error).message).toBe("The model stopped sending for 1 s in the middle of its answer (2 attempts); please retry in a moment");
    expect(faults).toEqual(["stalled", "stalled"]);
    expect(shown.join("").length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(6000);
  });

  it("a stall then a good answer: the retry continues the preview without repeating it", async () => {
    fake.setFaults({ queue: ["stall"], stallAfterChunks: 5 });
    const faults: string[] = [];
    const shown: string[] = [];
    const text = await call.streamProse({ ctx: context(faults), instructions: "Topic: resume", prompt: "Target words: 120", onDelta: (d) => shown.push(d) });
    expect(faults).toEqual(["stalled"]);
    expect(shown.join("")).toBe(text);
  });

  it("a slow drip under the idle deadline is not cut", async () => {
    fake.setFaults({});
    fake.setLatency({ ttftMs: 600, tokensPerSecond: 4 });
    const faults: string[] = [];
    const text = await call.streamProse({ ctx: context(faults), instructions: "Topic: drip", prompt: "Target words: 6" });
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 400 });
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(6);
    expect(faults).toEqual([]);
  });
});

describe("fault classification and retry policy", () => {
  it("429 waits its Retry-After, 500 and a cut stream are retried, each counted by kind", async () => {
    fake.setFaults({ queue: ["429", "500", "cut"], retryAfterSeconds: 2 });
    const faults: string[] = [];
    const started = Date.now();
    const text = await call.streamProse({ ctx: context(faults), instructions: "Topic: retries", prompt: "Target words: 80" });
    expect(text.length).toBeGreaterThan(0);
    expect(faults).toEqual(["rate_limited", "server_error", "cut"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it("malformed structured output is repaired on the second attempt", async () => {
    fake.setFaults({ queue: ["malformed"] });
    const faults: string[] = [];
    const out = await call.generateStructured({
      ctx: context(faults),
      schema: z.object({ title: z.string() }),
      instructions: "Topic: repair",
      prompt: "Topic: repair",
    });
    expect(out.title.length).toBeGreaterThan(0);
    expect(faults).toEqual(["malformed"]);
  });

  it("a stream cut three times fails with words about the cut, not a refusal", async () => {
    fake.setFaults({ queue: ["cut", "cut", "cut"] });
    const faults: string[] = [];
    const error = await call.streamProse({ ctx: context(faults), instructions: "Topic: cut", prompt: "Target words: 80" }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("The connection to the model was cut in the middle of its answer (3 attempts); please retry in a moment");
    expect(faults).toEqual(["cut", "cut", "cut"]);
    expect(error).toMatchObject({ code: "model_error", details: { fault: "cut", attempts: 3 } });
  });

  it("a run's abort stops a hanging call at once with the run's reason", async () => {
    fake.setFaults({ queue: ["hang"] });
    const { AppError } = await import("@/lib/errors");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new AppError("model_error", "This action ran longer than 900 s; please retry")), 200);
    const started = Date.now();
    const error = await call
      .generateStructured({
        ctx: { stage: "topic", signal: controller.signal },
        schema: z.object({ title: z.string() }),
        instructions: "Topic: x",
        prompt: "Topic: x",
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("This action ran longer than 900 s; please retry");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
