// npm run bench:api — GET /api/genflow/sessions/{id} under load against `next start` on PostgreSQL, and the
// same lookups on a bare node:http + pg server, at 50 and 200 connections. Prints req/s, p50, p99, ratio; the
// framework floor (the same route answering 401 before any query) and the route's share of it; and p50/p99 at a
// fixed offered load of BENCH_RATE (200) req/s, open loop: one request every 1/rate s whatever the answers do.
import http from "node:http";
import autocannon from "autocannon";
import { freePort } from "../lib/processes";
import { api, createWriter, percentile, runMain, withBench } from "./setup";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "50,200")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const FLOOR_GOAL = 0.85;
const RATE_P99_GOAL_MS = 25;

async function load(url: string, connections: number, token: string | null) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, connections, duration: DURATION, headers });
  const non2xx = result.non2xx + result.errors;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

/**
 * Open loop at `rate` req/s: request i is due at start + i/rate, sent then on a free keep-alive connection (or
 * a new one), and its latency counts from when it was due, so a slow answer cannot hold the next requests back
 * or hide their wait. (autocannon's overallRate releases each second's budget at once: a burst of `rate`
 * requests a second, whose queue — p99 75 ms on the bare server here — is the burst's, not the load's.)
 */
async function openLoop(url: string, rate: number, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  // The first second opens the connections the load needs (each new one waits for its handshake and the
  // server's first request on it): sent, not counted.
  await sendAt(url, rate, 1, token, agent);
  const result = await sendAt(url, rate, DURATION, token, agent);
  agent.destroy();
  return result;
}

async function sendAt(url: string, rate: number, duration: number, token: string, agent: http.Agent) {
  const latencies: number[] = [];
  let non2xx = 0;
  const total = Math.round(rate * duration);
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) non2xx++;
            latencies.push(performance.now() - due);
            resolve();
          });
        });
        req.on("error", () => {
          non2xx++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  return { rps: latencies.length / seconds, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), non2xx };
}

/** Waits (10 s at most) until something answers HTTP at `url`, whatever the status. */
async function listening(url: string) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      // not yet
    }
  }
  throw new Error(`nothing answered at ${url} within 10 s`);
}

async function main() {
  await withBench({}, async (bench) => {
    const barePort = await freePort();
    bench.spawn("node", ["scripts/bench/bare-server.mjs"], { ...bench.env, PORT: String(barePort) });
    const app = bench.url;
    await listening(`http://127.0.0.1:${barePort}/`);

    // A writer, a token and a session, made through the public API like an integrator would.
    const { token } = await createWriter(bench);
    const { sessionId } = await api<{ sessionId: string }>(bench, token, "POST", "/api/genflow/sessions", {});
    const path = `/api/genflow/sessions/${sessionId}`;

    console.log(`bench:api — GET ${path.replace(sessionId, "{id}")}, ${DURATION} s per run, PostgreSQL, pool ${process.env.DATABASE_POOL_MAX ?? 10}`);
    await load(`${app}${path}`, 20, token); // warm-up: JIT, pools, route compilation
    await load(`http://127.0.0.1:${barePort}${path}`, 20, token);
    for (const connections of CONNECTIONS) {
      const next = await load(`${app}${path}`, connections, token);
      const bare = await load(`http://127.0.0.1:${barePort}${path}`, connections, token);
      const ratio = next.rps / bare.rps;
      console.log(
        `${String(connections).padStart(5)} conns | next ${next.rps.toFixed(0).padStart(6)} req/s p50 ${String(next.p50).padStart(4)} ms p99 ${String(next.p99).padStart(4)} ms (non-2xx ${next.non2xx})` +
          ` | bare ${bare.rps.toFixed(0).padStart(6)} req/s p50 ${String(bare.p50).padStart(4)} ms p99 ${String(bare.p99).padStart(4)} ms | ratio ${ratio.toFixed(2)}×`,
      );
    }
    // The framework's own cost: the same route without credentials answers 401 before any query is made.
    const floor = await load(`${app}${path}`, 50, null);
    const atFloor = await load(`${app}${path}`, 50, token);
    const bareAt50 = await load(`http://127.0.0.1:${barePort}${path}`, 50, token);
    console.log(
      `   50 conns | next, 401 without a query ${floor.rps.toFixed(0).padStart(6)} req/s p50 ${String(floor.p50).padStart(4)} ms p99 ${String(floor.p99).padStart(4)} ms` +
        ` | the most a Next route handler can reach on this machine: ${(floor.rps / bareAt50.rps).toFixed(2)}× the bare server` +
        ` | GET with its query ${atFloor.rps.toFixed(0)} req/s = ${(atFloor.rps / floor.rps).toFixed(2)}× the floor (goal ≥ ${FLOOR_GOAL})`,
    );
    // Open loop: a fixed offered load (a closed loop would hide queueing behind fewer requests sent). It starts
    // after a pause: the closed-loop run before leaves ~50 requests queued in the server for ~100 ms.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const fixed = await openLoop(`${app}${path}`, RATE, token);
    const bareFixed = await openLoop(`http://127.0.0.1:${barePort}${path}`, RATE, token);
    console.log(
      `${String(RATE).padStart(5)} req/s offered | next ${fixed.rps.toFixed(0)} req/s answered, p50 ${fixed.p50} ms, p99 ${fixed.p99} ms (goal ≤ ${RATE_P99_GOAL_MS} ms) (non-2xx ${fixed.non2xx})` +
        ` | bare ${bareFixed.rps.toFixed(0)} req/s, p50 ${bareFixed.p50} ms, p99 ${bareFixed.p99} ms`,
    );
    console.log(`goals: GET ≥ ${FLOOR_GOAL}× the framework floor; p99 ≤ ${RATE_P99_GOAL_MS} ms at ${RATE} req/s offered`);
  });
}

runMain("bench:api", main);
