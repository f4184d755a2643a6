// npm run bench:pipeline — 1, 20 and 100 sessions (BENCH_SESSIONS=1,20,100) each run the whole pipeline at once
// (discover_topics → … → complete, write_draft 1,500 words) over the REST API against the fake model with a fixed
// latency (BENCH_TTFT_MS, BENCH_TPS). Prints wall time ÷ pure model time, model calls and prompt tokens per
// article, the RSS of the next-server process (and its growth per concurrent session), the CPU time it and this
// process used, and next-server CPU seconds per article (the robust figure on a shared machine). A run's end is seen through its action.completed event on
// a pusher-js client (one per writer, ten sessions per writer), so no polling interval adds to the wall time.
import { performance } from "node:perf_hooks";
import type { FakeOpenAIStats } from "../fake-openai/server";
import { RealtimeClient, createSession } from "./session-client";
import { type Bench, type BenchWriter, createWriter, mapLimit, readCpuSeconds, readRss, runMain, summarizeFailures, withBench } from "./setup";

const LEVELS = (process.env.BENCH_SESSIONS ?? "1,20,100")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const LATENCY = { ttftMs: Number(process.env.BENCH_TTFT_MS ?? 50), tokensPerSecond: Number(process.env.BENCH_TPS ?? 400) };
const TARGET_WORDS = 1500;
const SESSIONS_PER_WRITER = 10;
const GOALS: Record<number, number> = { 1: 1.03, 100: 1.1 };
const CPU_GOAL_S = 0.15;
const RSS_GOAL_MB = 2;
const NOTES =
  "Rooftop farms cool the buildings under them and feed their neighbourhoods. City programmes pay for soil, " +
  "water tanks and training; restaurants buy the herbs and greens. Yields per square metre beat many rural " +
  "plots for leafy crops, though grains stay out of reach. Critics point to the cost of reinforcing old roofs, " +
  "the water bill in dry summers and the seasonal jobs. Supporters answer with shorter supply chains, less " +
  "food waste and the schools that use the gardens as classrooms.";

interface Writer {
  writer: BenchWriter;
  client: RealtimeClient;
}

/** topic → publish: the sequence of e2e/pipeline.ts runWholePipeline, with a 1,500-word draft. */
async function runPipeline(client: RealtimeClient, sessionId: string): Promise<void> {
  const topics = await client.run(sessionId, "discover_topics", { category: "urban farming", count: 3 });
  const first = (topics.result as { topics: { id: string }[] }).topics[0];
  await client.run(sessionId, "select_topic", { topicId: first.id });
  await client.run(sessionId, "approve", { stage: "topic" });
  await client.run(sessionId, "research_topic", { sources: [{ title: "Notes", text: NOTES }] });
  await client.run(sessionId, "approve", { stage: "research" });
  await client.run(sessionId, "write_draft", { targetLength: TARGET_WORDS });
  await client.run(sessionId, "approve", { stage: "writing" });
  await client.run(sessionId, "apply_style", { preset: "storytelling", platform: "blog" });
  await client.run(sessionId, "approve", { stage: "styling" });
  await client.run(sessionId, "review_article");
  await client.run(sessionId, "approve", { stage: "review" });
  await client.run(sessionId, "export_article", { format: "md" });
  await client.run(sessionId, "complete");
}

const generationCalls = (s: FakeOpenAIStats) => s.calls.responses + s.calls.chatCompletions;

interface LevelResult {
  sessions: number;
  failed: number;
  wallMs: number;
  meanSessionMs: number;
  modelMsPerSession: number;
  callsPerArticle: number;
  promptTokensPerArticle: number;
  completionTokensPerArticle: number;
  rssMb: number;
  peakRssMb: number;
  /** RSS of next-server just before the level started. */
  startRssMb: number;
  /** Runs whose action.completed never arrived over Pusher: their end came from the fallback poll. */
  polledEnds: number;
  /** Runs not ended after 35 s (slow, or lost by the app: their session is then read so it can recover them). */
  stuckRuns: number;
  /** CPU seconds used during the level by next-server and by this process (fake model, Pusher server, clients). */
  serverCpuS: number;
  benchCpuS: number;
}

async function runLevel(bench: Bench, writers: Writer[], sessions: number): Promise<LevelResult> {
  const model = bench.model;
  if (!model) throw new Error("no fake model");
  const owners = Array.from({ length: sessions }, (_, i) => writers[Math.floor(i / SESSIONS_PER_WRITER)]);
  const ids = await mapLimit(owners, 20, async (owner) => {
    const { sessionId } = await createSession(bench, owner.writer.token);
    await owner.client.subscribe(sessionId);
    return sessionId;
  });

  const pid = bench.serverPid();
  const startRssMb = readRss(pid).rssMb;
  let peakRssMb = startRssMb;
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, readRss(pid).rssMb);
  }, 250);
  const polled = () => writers.reduce((sum, w) => sum + w.client.polledEnds, 0);
  const stuck = () => writers.reduce((sum, w) => sum + w.client.stuckRuns, 0);
  const [polledBefore, stuckBefore] = [polled(), stuck()];
  const before = model.stats();
  const cpuBefore = { server: readCpuSeconds(pid), bench: process.cpuUsage() };
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    ids.map(async (sessionId, i) => {
      await runPipeline(owners[i].client, sessionId);
      return performance.now() - started;
    }),
  );
  const endedMs = performance.now() - started;
  clearInterval(sampler);
  const after = model.stats();
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const serverCpuS = readCpuSeconds(pid) - cpuBefore.server;

  const durations = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  // Wall time: until the last completed pipeline ended (failed sessions stop early and are reported apart).
  const wallMs = durations.length > 0 ? Math.max(...durations) : endedMs;
  const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  if (failures.length > 0) console.error(`  ${sessions} sessions: failed ${summarizeFailures(failures)}`);
  const calls = generationCalls(after) - generationCalls(before);
  const completionTokens = after.completionTokens - before.completionTokens;
  const tps = LATENCY.tokensPerSecond;
  const modelMs = calls * LATENCY.ttftMs + (tps > 0 ? (completionTokens / tps) * 1000 : 0);
  const { rssMb } = readRss(pid);
  return {
    sessions,
    failed: failures.length,
    wallMs,
    meanSessionMs: durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length),
    modelMsPerSession: modelMs / sessions,
    callsPerArticle: calls / sessions,
    promptTokensPerArticle: (after.promptTokens - before.promptTokens) / sessions,
    completionTokensPerArticle: completionTokens / sessions,
    rssMb,
    peakRssMb: Math.max(peakRssMb, rssMb),
    startRssMb,
    polledEnds: polled() - polledBefore,
    stuckRuns: stuck() - stuckBefore,
    serverCpuS,
    benchCpuS: (benchCpu.user + benchCpu.system) / 1e6,
  };
}

/** `completeModelMs`: pure model time of one complete pipeline, from the last level without failures. */
function print(r: LevelResult, completeModelMs: number | undefined) {
  // With failed sessions the level's model time is that of partial pipelines: compare with a complete one.
  const modelMs = r.failed ? completeModelMs : r.modelMsPerSession;
  const goal = GOALS[r.sessions];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `${String(r.sessions).padStart(4)} sessions | wall ${s(r.wallMs).padStart(8)} (mean session ${s(r.meanSessionMs)}) ÷ model ${modelMs ? s(modelMs) : "?"} = ` +
      `${modelMs ? (r.wallMs / modelMs).toFixed(3) : "n/a"}× ${goal ? `(goal ≤ ${goal.toFixed(2)})` : "(goals at 1 and 100)"}` +
      ` | per article: ${r.callsPerArticle.toFixed(1)} calls (goal ≤ 8), ${(r.promptTokensPerArticle / 1000).toFixed(1)} k prompt tokens (goal ≤ 15 k),` +
      ` ${(r.completionTokensPerArticle / 1000).toFixed(1)} k completion tokens` +
      ` | next-server RSS ${r.rssMb.toFixed(0)} MB (peak ${r.peakRssMb.toFixed(0)} MB, +${((r.peakRssMb - r.startRssMb) / r.sessions).toFixed(2)} MB per session, goal ≤ ${RSS_GOAL_MB})` +
      ` | CPU next-server ${r.serverCpuS.toFixed(1)} s = ${(r.serverCpuS / r.sessions).toFixed(3)} s per article (goal ≤ ${CPU_GOAL_S}), bench process ${r.benchCpuS.toFixed(1)} s` +
      (r.polledEnds ? ` | ${r.polledEnds} run ends missed over Pusher (seen by the fallback poll)` : "") +
      (r.stuckRuns ? ` | ${r.stuckRuns} runs took > 35 s` : "") +
      (r.failed ? ` | ${r.failed} sessions FAILED (wall: completed ones; per-article figures include the failed partial pipelines)` : ""),
  );
}

async function main() {
  await withBench({ model: LATENCY, pusher: true }, async (bench) => {
    const writerCount = Math.ceil(Math.max(...LEVELS) / SESSIONS_PER_WRITER);
    const writers: Writer[] = [];
    for (let i = 0; i < writerCount; i++) {
      const writer = await createWriter(bench, `pipeline${i}`);
      writers.push({ writer, client: new RealtimeClient(bench, writer.token) });
    }
    let completeModelMs: number | undefined;
    try {
      console.log(
        `bench:pipeline — whole pipeline (write_draft ${TARGET_WORDS} words) per session, sessions at once: ${LEVELS.join(", ")};` +
          ` fake model ttft ${LATENCY.ttftMs} ms, ${LATENCY.tokensPerSecond} tokens/s; model time = calls × ttft + completion tokens ÷ tps`,
      );
      if (process.env.BENCH_WARMUP !== "0") {
        const warm = await runLevel(bench, writers, 1); // JIT, route modules, pools: not counted
        if (!warm.failed) completeModelMs = warm.modelMsPerSession;
        console.log(`  (warm-up session: ${(warm.wallMs / 1000).toFixed(2)} s)`);
      }
      for (const sessions of LEVELS) {
        const result = await runLevel(bench, writers, sessions);
        if (!result.failed) completeModelMs = result.modelMsPerSession;
        print(result, completeModelMs);
      }
      console.log(
        `goals: wall ÷ model ≤ 1.03 at 1 session, ≤ 1.10 at 100; ≤ 8 model calls and ≤ 15 k prompt tokens per 1,500-word article;` +
          ` next-server CPU ≤ ${CPU_GOAL_S} s per article; RSS growth ≤ ${RSS_GOAL_MB} MB per concurrent session at 100`,
      );
    } finally {
      for (const { client } of writers) client.disconnect();
    }
  });
}

runMain("bench:pipeline", main);
