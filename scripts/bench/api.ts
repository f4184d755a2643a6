// npm run bench:api — GET /api/genflow/sessions/{id} under load against `next start` on PostgreSQL, and the
// same lookups on a bare node:http + pg server, at 50 and 200 connections. Prints req/s, p50, p99, ratio.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import pg from "pg";
import { createTestDatabase } from "../lib/test-db";
import { freePort, waitForHealth } from "../lib/processes";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [50, 200];

function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

async function load(url: string, connections: number, token: string) {
  const result = await autocannon({ url, connections, duration: DURATION, headers: { authorization: `Bearer ${token}` } });
  const non2xx = result.non2xx + result.errors;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

async function main() {
  const database = await createTestDatabase();
  const children: ChildProcess[] = [];
  try {
    if (!existsSync(".next/BUILD_ID") || process.env.BENCH_BUILD === "1") {
      const build = spawn("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url } });
      const [code] = await once(build, "exit");
      if (code !== 0) throw new Error("next build failed");
    }
    const [appPort, barePort] = await Promise.all([freePort(), freePort()]);
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: "bench-secret",
      RATE_LIMIT_POINTS: "100000000",
    };
    children.push(startProcess("node_modules/.bin/next", ["start", "-p", String(appPort), "-H", "127.0.0.1"], env));
    children.push(startProcess("node", ["scripts/bench/bare-server.mjs"], { ...env, PORT: String(barePort) }));
    const app = `http://127.0.0.1:${appPort}`;
    await waitForHealth(app);

    // A writer, a token and a session, made through the public API like an integrator would.
    const signUp = await fetch(`${app}/api/auth/sign-up`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench@example.test", password: "bench pass 123" }) });
    const { id: userId } = (await signUp.json()) as { id: string };
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const { createHash, randomBytes } = await import("node:crypto");
    const token = `gf_${randomBytes(30).toString("base64url")}`;
    await sql.query('INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash") VALUES ($1, $2, $3, $4, $5)', ["bench-token", userId, "bench", token.slice(0, 10), createHash("sha256").update(token).digest("hex")]);
    await sql.end();
    const created = await fetch(`${app}/api/genflow/sessions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const path = `/api/genflow/sessions/${sessionId}`;

    console.log(`bench:api — GET ${path.replace(sessionId, "{id}")}, ${DURATION} s per run, PostgreSQL, pool ${process.env.DATABASE_POOL_MAX ?? 10}`);
    await load(`${app}${path}`, 20, token); // warm-up: JIT, pools, route compilation
    await load(`http://127.0.0.1:${barePort}${path}`, 20, token);
    const rows: string[] = [];
    for (const connections of CONNECTIONS) {
      const next = await load(`${app}${path}`, connections, token);
      const bare = await load(`http://127.0.0.1:${barePort}${path}`, connections, token);
      const ratio = next.rps / bare.rps;
      rows.push(
        `${String(connections).padStart(5)} conns | next ${next.rps.toFixed(0).padStart(6)} req/s p50 ${String(next.p50).padStart(4)} ms p99 ${String(next.p99).padStart(4)} ms (non-2xx ${next.non2xx})` +
          ` | bare ${bare.rps.toFixed(0).padStart(6)} req/s p50 ${String(bare.p50).padStart(4)} ms p99 ${String(bare.p99).padStart(4)} ms | ratio ${ratio.toFixed(2)}×`,
      );
      console.log(rows.at(-1));
    }
    console.log("goal: ratio ≥ 0.40× the bare server; next p99 ≤ 25 ms at 200 connections");
  } finally {
    for (const child of children) await stop(child);
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("bench:api failed:", error);
    process.exit(1);
  },
);
