// npm run bench:realtime — Pusher delivery through the local Pusher-compatible server, with pusher-js clients:
//  (a) action POST → first event of that action at a subscribed client, p50/p99 over BENCH_ACTIONS (200)
//      select_topic actions, one after another, each on its own fresh session;
//  (b) Pusher messages per 1,000 streamed words for one write_draft of 2,000 words;
//  (c) BENCH_STREAMS (200) sessions streaming write_draft (BENCH_STREAM_WORDS, 300 words) at once, one pusher-js client per
//      session: events in each session's log that never arrived over Pusher; meanwhile (a) again, BENCH_PROBES
//      (50) select_topic actions one after another: action → first event p50/p99 under that load;
//  (d) BENCH_BURST (200) sessions posting discover_topics at the same moment: the POSTs' answer p50/p99 and the
//      next-server CPU per POST (the runs themselves are left to finish before it is read).
import { performance } from "node:perf_hooks";
import { type ReceivedEvent, RealtimeClient, createSession, eventLog, startAction } from "./session-client";
import { type Bench, type BenchWriter, createWriter, mapLimit, percentile, readCpuSeconds, runMain, summarizeFailures, withBench } from "./setup";

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 200);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const STREAM_WORDS = Number(process.env.BENCH_STREAM_WORDS ?? 300);
const PROBES = Number(process.env.BENCH_PROBES ?? 50);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const WARM_UP = 10;
const LATENCY = { ttftMs: Number(process.env.BENCH_TTFT_MS ?? 50), tokensPerSecond: Number(process.env.BENCH_TPS ?? 400) };
const OUTLINE = [1, 2, 3, 4].map((n) => ({ title: `Part ${n}`, points: [`point ${n}.1`, `point ${n}.2`] }));
const EVENT_TIMEOUT_MS = 10_000;

const ms = (v: number) => `${v.toFixed(1)} ms`;
const countWords = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Resolves with the first event `client` gets for `sessionId` from now on, or null after `timeoutMs`. */
function nextEvent(client: RealtimeClient, sessionId: string, timeoutMs: number, type?: string): Promise<ReceivedEvent | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), timeoutMs);
    const off = client.onEvent((sid, received) => {
      if (sid === sessionId && (!type || received.event.type === type)) done(received);
    });
    function done(value: ReceivedEvent | null) {
      clearTimeout(timer);
      off();
      resolve(value);
    }
  });
}

/** A session at the writing stage with an outline: what write_draft needs, without a model call. */
async function writingSession(bench: Bench, client: RealtimeClient, token: string): Promise<{ sessionId: string; articleId: string }> {
  const session = await createSession(bench, token, { initialStage: "research" });
  await client.subscribe(session.sessionId);
  await client.run(session.sessionId, "update_outline", { sections: OUTLINE });
  await client.run(session.sessionId, "approve", { stage: "research" });
  return session;
}

/**
 * Makes `count` + `warmUp` fresh sessions and subscribes to them; the returned function then runs one
 * select_topic action on each, one after another: POST → first event over Pusher.
 */
async function prepareProbes(bench: Bench, writer: BenchWriter, count: number, warmUp: number) {
  const client = new RealtimeClient(bench, writer.token);
  const ids = await mapLimit(Array.from({ length: count + warmUp }), 10, async () => (await createSession(bench, writer.token)).sessionId);
  await mapLimit(ids, 20, (id) => client.subscribe(id));
  return () => probeLatency(bench, writer, client, ids, warmUp);
}

async function probeLatency(bench: Bench, writer: BenchWriter, client: RealtimeClient, ids: string[], warmUp: number) {
  try {
    const latencies: number[] = [];
    const posts: number[] = [];
    const failed: unknown[] = [];
    let missed = 0;
    for (const [i, sessionId] of ids.entries()) {
      const first = nextEvent(client, sessionId, EVENT_TIMEOUT_MS);
      const completed = nextEvent(client, sessionId, EVENT_TIMEOUT_MS, "action.completed");
      const started = performance.now();
      const refused = await startAction(bench, writer.token, sessionId, "select_topic", { title: `Own topic ${i}` }).then(
        () => null,
        (error: unknown) => error,
      );
      const answered = performance.now();
      if (refused) {
        // Under load the app may answer 503 (database pool busy): counted, not fatal.
        failed.push(refused);
        continue;
      }
      const event = await first;
      await completed; // the action's last event: the next action starts on a quiet channel
      if (i < warmUp) continue;
      if (!event) missed += 1;
      else latencies.push(event.at - started);
      posts.push(answered - started);
    }
    return { latencies, posts, missed, failed };
  } finally {
    client.disconnect();
  }
}

function describeLatency({ latencies, posts, missed, failed }: { latencies: number[]; posts: number[]; missed: number; failed: unknown[] }): string {
  return (
    `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} (goal ≤ 30 ms), max ${ms(Math.max(...latencies))}` +
    ` | the POST's own answer: p50 ${ms(percentile(posts, 50))}, p99 ${ms(percentile(posts, 99))}` +
    (missed ? ` | ${missed} never got an event within ${EVENT_TIMEOUT_MS / 1000} s` : "") +
    (failed.length ? ` | ${failed.length} POSTs refused: ${summarizeFailures(failed)}` : "")
  );
}

async function latency(bench: Bench, writer: BenchWriter) {
  const probed = await (await prepareProbes(bench, writer, ACTIONS, WARM_UP))();
  console.log(`(a) POST → first event over Pusher, ${probed.latencies.length} select_topic actions one at a time, idle server: ${describeLatency(probed)}`);
}

async function messagesPerWords(bench: Bench, writer: BenchWriter) {
  const pusher = bench.pusher;
  if (!pusher) throw new Error("no Pusher server");
  const client = new RealtimeClient(bench, writer.token);
  try {
    const { sessionId } = await writingSession(bench, client, writer.token);
    const received = client.received.get(sessionId) ?? [];
    const from = received.length;
    const deliveredBefore = pusher.server.stats().messagesDelivered;
    const started = performance.now();
    await client.run(sessionId, "write_draft", { targetLength: 2000 });
    const seconds = (performance.now() - started) / 1000;
    const log = await eventLog(bench, writer.token, sessionId);
    const lastSeq = log.at(-1)?.metadata.seq ?? 0;
    for (let i = 0; i < 100 && (received.at(-1)?.event.metadata.seq ?? 0) < lastSeq; i++) await new Promise((r) => setTimeout(r, 50));
    const messages = received.slice(from);
    const delivered = pusher.server.stats().messagesDelivered - deliveredBefore;
    const deltas = messages.filter((m) => m.event.type === "draft.delta");
    const streamed = deltas.map((m) => String(m.event.data.text ?? "")).join("");
    const words = countWords(streamed);
    const per1000 = (n: number) => ((n / Math.max(1, words)) * 1000).toFixed(1);
    console.log(
      `(b) write_draft 2,000 words in ${seconds.toFixed(1)} s (fake model ${LATENCY.tokensPerSecond} tokens/s): ${words} words streamed,` +
        ` ${messages.length} messages at the client (${deltas.length} draft.delta), server delivered ${delivered}` +
        ` → ${per1000(messages.length)} messages per 1,000 words (goal ≤ 30), draft.delta alone ${per1000(deltas.length)}`,
    );
  } finally {
    client.disconnect();
  }
}

async function lostEvents(bench: Bench, prober: BenchWriter) {
  const pusher = bench.pusher;
  if (!pusher) throw new Error("no Pusher server");
  const writers = await mapLimit(Array.from({ length: Math.ceil(STREAMS / 10) }), 4, (_, i) => createWriter(bench, `streams${i}`));
  const owners = Array.from({ length: STREAMS }, (_, i) => writers[Math.floor(i / 10)]);
  const clients = owners.map((owner) => new RealtimeClient(bench, owner.token));
  try {
    const sessions = await mapLimit(owners, 20, (owner, i) => writingSession(bench, clients[i], owner.token));
    // The probes' sessions are made before the streams start; the probes run once every stream has started
    // (its first draft.delta seen, or 30 s passed) and a second more has let the start of 200 runs settle (the
    // first probes otherwise wait 0.3–1.7 s behind it: the burst that (d) measures, not streaming).
    const runProbes = await prepareProbes(bench, prober, PROBES, 0);
    const started = performance.now();
    const runs = sessions.map(({ sessionId }, i) => clients[i].run(sessionId, "write_draft", { targetLength: STREAM_WORDS }));
    const firstDeltas = sessions.map(({ sessionId }, i) => nextEvent(clients[i], sessionId, EVENT_TIMEOUT_MS * 3, "draft.delta"));
    const probes = Promise.all(firstDeltas)
      .then(() => new Promise((resolve) => setTimeout(resolve, 1_000)))
      .then(runProbes);
    const outcomes = await Promise.allSettled(runs);
    const seconds = (performance.now() - started) / 1000;
    const probed = await probes;
    const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    if (failed.length > 0) console.error(`  (c) write_draft: ${summarizeFailures(failed)}`);

    const logs = await mapLimit(sessions, 20, ({ sessionId }, i) => eventLog(bench, owners[i].token, sessionId));
    // Events still in flight get a moment (bounded) to arrive before they count as lost.
    const missing = () =>
      sessions.map(({ sessionId }, i) => {
        const seen = new Set((clients[i].received.get(sessionId) ?? []).map((r) => r.event.metadata.seq));
        return logs[i].filter((e) => !seen.has(e.metadata.seq)).length;
      });
    const deadline = Date.now() + 10_000;
    while (missing().some((n) => n > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lost = missing();
    const lostTotal = lost.reduce((a, b) => a + b, 0);
    const logged = logs.reduce((sum, log) => sum + log.length, 0);
    const polled = clients.reduce((sum, c) => sum + c.polledEnds, 0);
    const stuck = clients.reduce((sum, c) => sum + c.stuckRuns, 0);
    console.log(
      `(c) ${STREAMS} sessions streaming write_draft (~${STREAM_WORDS} words) at once, one pusher-js client each: all done in ${seconds.toFixed(1)} s,` +
        ` ${logged} events logged → lost over Pusher ${lostTotal} (goal 0) in ${lost.filter((n) => n > 0).length} sessions` +
        ` | ${failed.length} runs failed, ${stuck} took > 35 s, ${polled} run ends seen only by the fallback poll, peak ${pusher.server.stats().peakConnections} sockets`,
    );
    console.log(`    meanwhile ${probed.latencies.length} select_topic actions one at a time, POST → first event over Pusher: ${describeLatency(probed)}`);
  } finally {
    for (const client of clients) client.disconnect();
  }
}

/** `BURST` sessions post discover_topics at the same moment: how long each POST waits for its 202. */
async function burst(bench: Bench) {
  const writers = await mapLimit(Array.from({ length: Math.ceil(BURST / 10) }), 4, (_, i) => createWriter(bench, `burst${i}`));
  const owners = Array.from({ length: BURST }, (_, i) => writers[Math.floor(i / 10)]);
  const clients = writers.map((writer) => new RealtimeClient(bench, writer.token));
  const clientOf = (i: number) => clients[Math.floor(i / 10)];
  try {
    const ids = await mapLimit(owners, 20, async (owner, i) => {
      const { sessionId } = await createSession(bench, owner.token);
      await clientOf(i).subscribe(sessionId);
      return sessionId;
    });
    const pid = bench.serverPid();
    const cpuBefore = readCpuSeconds(pid);
    const started = performance.now();
    const answers = await Promise.allSettled(
      ids.map(async (sessionId, i) => {
        const run = await startAction(bench, owners[i].token, sessionId, "discover_topics", { category: "urban farming", count: 3 });
        return { ms: performance.now() - started, run, i };
      }),
    );
    const answeredCpu = readCpuSeconds(pid) - cpuBefore;
    const ok = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    const failed = answers.flatMap((a) => (a.status === "rejected" ? [a.reason as unknown] : []));
    if (failed.length > 0) console.error(`  (d) POST: ${summarizeFailures(failed)}`);
    await Promise.allSettled(ok.map(({ run, i }) => clientOf(i).waitForRun(ids[i], run.actionId, 120_000)));
    const totalCpu = readCpuSeconds(pid) - cpuBefore;
    const times = ok.map((a) => a.ms);
    console.log(
      `(d) ${BURST} sessions POST discover_topics at the same moment: 202 after p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))} (goal ≤ 1,000 ms)` +
        ` | next-server CPU until the last 202 ${answeredCpu.toFixed(2)} s = ${((answeredCpu / Math.max(1, ok.length)) * 1000).toFixed(1)} ms per POST;` +
        ` with the runs ${((totalCpu / Math.max(1, ok.length)) * 1000).toFixed(1)} ms per action` +
        (failed.length ? ` | ${failed.length} POSTs failed` : ""),
    );
  } finally {
    for (const client of clients) client.disconnect();
  }
}

async function main() {
  await withBench({ model: LATENCY, pusher: true }, async (bench) => {
    console.log(
      `bench:realtime — next start + the local Pusher-compatible server + pusher-js clients; fake model ttft ${LATENCY.ttftMs} ms, ${LATENCY.tokensPerSecond} tokens/s`,
    );
    const writer = await createWriter(bench, "realtime");
    await latency(bench, writer);
    await messagesPerWords(bench, writer);
    await lostEvents(bench, writer);
    await burst(bench);
    console.log("goals: (a) p99 ≤ 30 ms with 200 sessions streaming; (b) ≤ 30 messages per 1,000 words; (c) 0 lost events; (d) p99 ≤ 1 s");
  });
}

runMain("bench:realtime", main);
