// npm run bench:prose — CPU of this process per streamed 1,500-word prose call, by the AI SDK layer that reads
// the provider's SSE: the app's streamProse (lib/ai/call.ts), streamText (what streamProse used before), and
// the provider's doStream alone (its SSE parsing and chunk validation: the floor any layer above it adds to).
// BENCH_CALLS (10) calls at once per layer against the fake model in its own process (BENCH_TTFT_MS 50,
// BENCH_TPS 400: one SSE chunk per token reaches the client as it would from a real model), after a warm-up.
import { spawn } from "node:child_process";
import { freePort } from "../lib/processes";
import { runMain } from "./setup";

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PROMPT = "Write the draft.\nTarget words: 1500\n## Why rooftops\n## What grows\n## Who pays\n## What is next\n";

async function fakeListening(url: string, isAlive: () => boolean) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (!isAlive()) throw new Error("the fake model exited");
    if (
      await fetch(url).then(
        (res) => res.ok,
        () => false,
      )
    )
      return;
  }
  throw new Error(`the fake model did not answer at ${url} within 30 s`);
}

async function main() {
  const port = await freePort();
  const fake = spawn("node_modules/.bin/tsx", ["scripts/fake-openai/main.ts", "--port", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, FAKE_OPENAI_TTFT_MS: process.env.BENCH_TTFT_MS ?? "50", FAKE_OPENAI_TPS: process.env.BENCH_TPS ?? "400" },
  });
  try {
    await fakeListening(`http://127.0.0.1:${port}/health`, () => fake.exitCode === null);
    // lib/env reads these once, at import.
    Object.assign(process.env, { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: "fake-key", GENFLOW_MODEL: "fake-writer-1" });
    const [{ streamText }, { streamProse }, { getStageModel }] = await Promise.all([import("ai"), import("@/lib/ai/call"), import("@/lib/ai/providers")]);
    const { model } = getStageModel("writing");
    if (typeof model === "string") throw new Error("expected a model object");
    const layers: Record<string, () => Promise<number>> = {
      "streamProse (the app)": async () =>
        (await streamProse({ ctx: { stage: "writing" }, instructions: "You write articles.", prompt: PROMPT, onDelta: () => {} })).length,
      "streamText (before)": async () => {
        const result = streamText({ model, instructions: "You write articles.", prompt: PROMPT, maxRetries: 0, onError: () => {} });
        let chars = 0;
        for await (const part of result.stream) if (part.type === "text-delta") chars += part.text.length;
        await result.totalUsage;
        return chars;
      },
      "doStream (floor)": async () => {
        const { stream } = await model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: PROMPT }] }] });
        let chars = 0;
        for await (const part of stream) if (part.type === "text-delta") chars += part.delta.length;
        return chars;
      },
    };
    console.log(
      `bench:prose — ${CALLS} prose calls at once per layer, fake model ttft ${process.env.BENCH_TTFT_MS ?? 50} ms, ${process.env.BENCH_TPS ?? 400} tokens/s; CPU of this process`,
    );
    for (const call of Object.values(layers)) await call(); // warm-up: JIT, connections
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, call] of Object.entries(layers)) {
        const before = process.cpuUsage();
        const chars = await Promise.all(Array.from({ length: CALLS }, call));
        const used = process.cpuUsage(before);
        const msPerCall = (used.user + used.system) / 1000 / CALLS;
        const words = Math.round(chars.reduce((a, b) => a + b, 0) / CALLS / 6.2);
        console.log(`  round ${round} | ${name.padEnd(22)} ${msPerCall.toFixed(1).padStart(6)} ms CPU per call (~${words} words)`);
      }
    }
  } finally {
    fake.kill("SIGTERM");
  }
}

runMain("bench:prose", main);
