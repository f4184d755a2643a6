// Fault injection and latency, observed through the real AI SDK: each fault must surface as the
// error the app will actually see in production.
import { createOpenAI } from "@ai-sdk/openai";
import { APICallError, generateText, type LanguageModel, NoObjectGeneratedError, Output, streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type FakeOpenAI, startFakeOpenAI } from "./server";

let fake: FakeOpenAI;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  openai = createOpenAI({ baseURL: fake.url, apiKey: "test-key" });
});
afterEach(() => {
  fake.setFaults({});
  fake.setLatency({});
});
afterAll(() => fake.stop());

const schema = z.object({ title: z.string(), points: z.array(z.string()).min(2).max(5) });
const fault = (kind: string) => ({ "x-fake-fault": kind });
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** Reads a whole stream, collecting part types and errors; also reports whether iteration threw. */
async function drain(result: ReturnType<typeof streamText>) {
  const types: string[] = [];
  const errors: unknown[] = [];
  let thrown: unknown;
  try {
    for await (const part of result.stream) {
      types.push(part.type);
      if (part.type === "error") errors.push(part.error);
    }
  } catch (error) {
    thrown = error;
  }
  return { types, errors, thrown };
}

const apis: [string, () => LanguageModel][] = [
  ["responses", () => openai("gpt-4o-mini")],
  ["chat", () => openai.chat("gpt-4o-mini")],
];

describe.each(apis)("%s API faults", (_api, model) => {
  it("429 → APICallError 429, retryable, with Retry-After", async () => {
    const error = await caught(generateText({ model: model(), prompt: "hi", headers: fault("429"), maxRetries: 0 }));
    expect(APICallError.isInstance(error)).toBe(true);
    const e = error as APICallError;
    expect([e.statusCode, e.isRetryable, e.responseHeaders?.["retry-after"]]).toEqual([429, true, "1"]);
    expect(e.message).toMatch(/Rate limit/);
  });

  it("500 → APICallError 500 (also as an error part when streaming)", async () => {
    const error = await caught(generateText({ model: model(), prompt: "hi", headers: fault("500"), maxRetries: 0 }));
    expect(APICallError.isInstance(error) && error.statusCode).toBe(500);
    const { errors } = await drain(streamText({ model: model(), prompt: "hi", headers: fault("500"), maxRetries: 0 }));
    expect(APICallError.isInstance(errors[0]) && errors[0].statusCode).toBe(500);
  });

  it("hang → the call only ends through the caller's AbortSignal", async () => {
    const started = Date.now();
    const error = await caught(generateText({ model: model(), prompt: "hi", headers: fault("hang"), abortSignal: AbortSignal.timeout(300) }));
    expect((error as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const stream = streamText({ model: model(), prompt: "hi", headers: fault("hang"), abortSignal: AbortSignal.timeout(200) });
    expect((await drain(stream)).types).toContain("abort");
  });

  it("malformed → NoObjectGeneratedError for structured output, parse error part for prose streams", async () => {
    const error = await caught(generateText({ model: model(), output: Output.object({ schema }), prompt: "hi", headers: fault("malformed"), maxRetries: 0 }));
    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    const { errors, types } = await drain(streamText({ model: model(), prompt: "Target words: 200", headers: fault("malformed") }));
    expect((errors[0] as Error).name).toBe("AI_JSONParseError");
    expect(types).toContain("finish"); // the stream continues after the bad line
    // Non-streaming prose: the response envelope itself is broken.
    const whole = await caught(generateText({ model: model(), prompt: "hi", headers: fault("malformed"), maxRetries: 0 }));
    expect(APICallError.isInstance(whole) && whole.message).toMatch(/Invalid JSON response/);
  });

  it("cut → the stream dies mid-way: iteration throws, no finish part, text rejects", async () => {
    const result = streamText({ model: model(), prompt: "Target words: 300", headers: fault("cut"), maxRetries: 0 });
    const { types, thrown } = await drain(result);
    expect(types).toContain("text-delta");
    expect(types).not.toContain("finish");
    expect(APICallError.isInstance(thrown)).toBe(true);
    expect(((thrown as APICallError).cause as Error).message).toBe("terminated");
    await expect(result.text).rejects.toThrow();
    const whole = await caught(generateText({ model: model(), prompt: "hi", headers: fault("cut"), maxRetries: 0 }));
    expect(APICallError.isInstance(whole)).toBe(true);
  });
});

describe("fault scheduling", () => {
  it("the rate mode injects about the configured share, reproducibly per seed", async () => {
    const run = async () => {
      fake.setFaults({ rate: 0.3, kinds: ["429", "500"], seed: 42 });
      const before = fake.stats().faults;
      let failed = 0;
      for (let i = 0; i < 100; i++) {
        const error = await caught(generateText({ model: openai.chat("m"), prompt: `call ${i}`, maxRetries: 0 }));
        if (error) failed += 1;
      }
      const after = fake.stats().faults;
      expect(after["429"] + after["500"] - before["429"] - before["500"]).toBe(failed);
      return failed;
    };
    const first = await run();
    expect(first).toBeGreaterThanOrEqual(20);
    expect(first).toBeLessThanOrEqual(40);
    expect(await run()).toBe(first);
  });

  it("queued faults hit the next calls; the SDK's default retries then succeed after Retry-After", async () => {
    fake.setFaults({ queue: ["429"] });
    const before = fake.stats().calls.responses;
    const started = Date.now();
    const result = await generateText({ model: openai("m"), prompt: "retry me" });
    expect(result.text.length).toBeGreaterThan(0);
    expect(fake.stats().calls.responses - before).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // Retry-After: 1 was honoured
  });

  it("the header `x-fake-fault: none` overrides the rate", async () => {
    fake.setFaults({ rate: 1 });
    const result = await generateText({ model: openai("m"), prompt: "hi", headers: fault("none") });
    expect(result.finishReason).toBe("stop");
  });
});

describe("latency", () => {
  it("streams: first token after ttft, then tokens at the configured rate", async () => {
    const started = Date.now();
    const result = streamText({ model: openai("m"), prompt: "Target words: 150", headers: { "x-fake-latency": "ttft=300,tps=1000" } });
    let first = 0;
    for await (const _ of result.textStream) first ||= Date.now() - started;
    const total = Date.now() - started;
    const tokens = (await result.usage).outputTokens ?? 0;
    expect(first).toBeGreaterThanOrEqual(280);
    expect(first).toBeLessThan(600);
    const expected = 300 + (tokens / 1000) * 1000;
    expect(total).toBeGreaterThanOrEqual(expected - 30);
    expect(total).toBeLessThan(expected + 400);
  });

  it("non-streaming waits ttft + tokens/tps; setLatency applies server-wide", async () => {
    fake.setLatency({ ttftMs: 100, tokensPerSecond: 500 });
    const started = Date.now();
    const result = await generateText({ model: openai.chat("m"), prompt: "Target words: 100" });
    const expected = 100 + ((result.usage.outputTokens ?? 0) / 500) * 1000;
    expect(Date.now() - started).toBeGreaterThanOrEqual(expected - 30);
    expect(Date.now() - started).toBeLessThan(expected + 400);
  });
});

describe("admin endpoints (for out-of-process control)", () => {
  it("sets faults and reads stats over HTTP", async () => {
    const admin = fake.url.replace(/\/v1$/, "/__fake");
    await fetch(`${admin}/faults`, { method: "POST", body: JSON.stringify({ queue: ["500"] }) });
    const error = await caught(generateText({ model: openai("m"), prompt: "hi", maxRetries: 0 }));
    expect(APICallError.isInstance(error) && error.statusCode).toBe(500);
    const stats = (await (await fetch(`${admin}/stats`)).json()) as { faults: Record<string, number> };
    expect(stats.faults["500"]).toBeGreaterThan(0);
    const bad = await fetch(`${admin}/faults`, { method: "POST", body: JSON.stringify({ kinds: ["nope"] }) });
    expect(bad.status).toBe(400);
  });
});
