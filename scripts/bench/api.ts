// npm run bench:api — GET /api/genflow/sessions/{id} under load against `next start` on PostgreSQL, and the
// same lookups on a bare node:http + pg server, at 50 and 200 connections. Prints req/s, p50, p99, ratio.
import autocannon from "autocannon";
import { freePort } from "../lib/processes";
import { api, createWriter, runMain, withBench } from "./setup";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [50, 200];

async function load(url: string, connections: number, token: string | null) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, connections, duration: DURATION, headers });
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
    const bareAt50 = await load(`http://127.0.0.1:${barePort}${path}`, 50, token);
    console.log(
      `   50 conns | next, 401 without a query ${floor.rps.toFixed(0).padStart(6)} req/s p50 ${String(floor.p50).padStart(4)} ms p99 ${String(floor.p99).padStart(4)} ms` +
        ` | the most a Next route handler can reach on this machine: ${(floor.rps / bareAt50.rps).toFixed(2)}× the bare server`,
    );
    console.log("goal: ratio ≥ 0.40× the bare server; next p99 ≤ 25 ms at 200 connections");
  });
}

runMain("bench:api", main);
