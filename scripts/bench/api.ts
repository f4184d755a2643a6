// npm run bench:api — GET /api/genflow/sessions/{id} under load against `next start` on PostgreSQL, and the
// same lookups on a bare node:http + pg server, at 50 and 200 connections. Prints req/s, p50, p99, ratio; the
// framework floor (the same route answering 401 before any query) and the route's share of it; and p50/p99 at a
// fixed offered load of BENCH_RATE (200) req/s, open loop: autocannon's overallRate with connections to spare.
import autocannon from "autocannon";
import { freePort } from "../lib/processes";
import { api, createWriter, runMain, withBench } from "./setup";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "50,200")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const FLOOR_GOAL = 0.85;
const RATE_P99_GOAL_MS = 25;

async function load(url: string, connections: number, token: string | null, overallRate?: number) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, connections, duration: DURATION, headers, ...(overallRate ? { overallRate } : {}) });
  const non2xx = result.non2xx + result.errors;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
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
    // Open loop: a fixed offered load, with far more connections than it needs so a slow answer does not hold
    // the next request back (a closed loop would hide queueing behind fewer requests sent).
    const fixed = await load(`${app}${path}`, 100, token, RATE);
    console.log(
      `${String(RATE).padStart(5)} req/s offered | next ${fixed.rps.toFixed(0)} req/s answered, p50 ${fixed.p50} ms, p99 ${fixed.p99} ms (goal ≤ ${RATE_P99_GOAL_MS} ms) (non-2xx ${fixed.non2xx})`,
    );
    console.log(`goals: GET ≥ ${FLOOR_GOAL}× the framework floor; p99 ≤ ${RATE_P99_GOAL_MS} ms at ${RATE} req/s offered`);
  });
}

runMain("bench:api", main);
