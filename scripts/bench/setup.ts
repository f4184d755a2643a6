// Shared by the benchmarks: a fresh database, optionally the fake model and the local Pusher-compatible server
// (in this process), a production build when none exists (or BENCH_BUILD=1), `next start` on a free port, and
// writers with API tokens. `withBench` tears everything down again in `finally`, whatever happened.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { type FakeOpenAI, type LatencyConfig, startFakeOpenAI } from "../fake-openai/server";
import { freePort, waitForHealth } from "../lib/processes";
import { createTestDatabase } from "../lib/test-db";
import { type PusherServer, startPusherServer } from "../pusher-server/server";

const NEXT_BIN = "node_modules/.bin/next";

/** package.json's `start` script as argv: `node <flags> node_modules/next/dist/bin/next start`. */
function startCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const argv = scripts.start.split(/\s+/);
  if (argv[0] !== "node") throw new Error(`package.json's start script should run node directly: ${scripts.start}`);
  return argv;
}

export interface BenchOptions {
  /** Start the fake OpenAI-compatible model with this fixed latency and point the app at it. */
  model?: LatencyConfig;
  /** Start the local Pusher-compatible server and point the app at it. */
  pusher?: boolean;
  /** Extra environment for `next start` (and the build). */
  env?: NodeJS.ProcessEnv;
}

export interface PusherInfo {
  server: PusherServer;
  appId: string;
  key: string;
  secret: string;
}

export interface Bench {
  /** http://127.0.0.1:port of `next start`. */
  url: string;
  databaseUrl: string;
  /** The environment `next start` got. */
  env: NodeJS.ProcessEnv;
  model: FakeOpenAI | null;
  pusher: PusherInfo | null;
  /** The pid serving HTTP: next start's `next-server` child when there is one, else next start itself. */
  serverPid(): number;
  /** Starts another process; it is stopped with the others at the end. */
  spawn(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess;
}

export interface BenchWriter {
  userId: string;
  email: string;
  password: string;
  token: string;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Every process below `pid`, from /proc/<pid>/task/<tid>/children. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue; // gone already
    }
    for (const task of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
        found.push(child);
        stack.push(child);
      }
    }
  }
  return found;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

/** Resident memory of a process in MB: now (VmRSS) and its peak since it started (VmHWM). */
export function readRss(pid: number): { rssMb: number; peakMb: number } {
  const status = readProc(pid, "status");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** CPU time (user + system, seconds) a process has used so far, from /proc/<pid>/stat (100 ticks a second). */
export function readCpuSeconds(pid: number): number {
  const fields = readProc(pid, "stat").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function withBench<T>(options: BenchOptions, body: (bench: Bench) => Promise<T>): Promise<T> {
  const database = await createTestDatabase();
  const children: ChildProcess[] = [];
  /** Processes below `next start` (its next-server) → their command line: killed at the end if they outlive it. */
  const orphans = new Map<number, string>();
  let pusher: PusherInfo | null = null;
  let model: FakeOpenAI | null = null;
  const cleanUp = onceOnly(async () => {
    await Promise.all(children.map(stop));
    // Only if the pid still runs the same command: a pid freed meanwhile may belong to someone else now.
    for (const [pid, cmdline] of orphans) if (alive(pid) && readProc(pid, "cmdline") === cmdline) process.kill(pid, "SIGKILL");
    await Promise.all([pusher?.server.stop(), model?.stop()]);
    await database.drop();
  });
  // Ctrl-C or a kill: still stop the servers and drop the database. `on`, not `once`: a wrapper (npm, tsx)
  // may pass the same signal on again, and a second one must not kill the process halfway through.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (options.pusher) {
      const credentials = { appId: "genflow-bench", key: "genflow-bench-key", secret: randomBytes(16).toString("hex") };
      pusher = { ...credentials, server: await startPusherServer(credentials) };
    }
    if (options.model) model = await startFakeOpenAI({ latency: options.model });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: "bench-secret",
      NEXTAUTH_URL: url,
      RATE_LIMIT_POINTS: "100000000",
      // Benchmarks sign up dozens of writers from one address: the sign-up budget would refuse the 11th.
      SIGN_UPS_PER_IP: "100000000",
      ...(model ? { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "fake-key", GENFLOW_MODEL: "fake-writer-1" } : {}),
      ...(pusher
        ? {
            PUSHER_APP_ID: pusher.appId,
            PUSHER_KEY: pusher.key,
            PUSHER_SECRET: pusher.secret,
            PUSHER_HOST: "127.0.0.1",
            PUSHER_PORT: String(pusher.server.port),
            NEXT_PUBLIC_PUSHER_HOST: "127.0.0.1",
            NEXT_PUBLIC_PUSHER_PORT: String(pusher.server.port),
          }
        : {}),
      ...options.env,
    };
    if (!existsSync(".next/BUILD_ID") || process.env.BENCH_BUILD === "1") {
      const build = spawn(NEXT_BIN, ["build"], { stdio: "inherit", env });
      children.push(build);
      const [code] = (await once(build, "exit")) as [number | null];
      if (code !== 0) throw new Error("next build failed");
    }
    // The server as `npm start` runs it (its node flags included), without npm in between. BENCH_CPU_PROF=<dir>:
    // it writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    const [node, ...startArgs] = startCommand();
    const profile = process.env.BENCH_CPU_PROF;
    const args = [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []), ...startArgs, "-p", String(port), "-H", "127.0.0.1"];
    const next = spawn(node, args, { stdio: ["ignore", "ignore", "inherit"], env });
    children.push(next);
    await waitForHealth(url, { isAlive: () => next.exitCode === null });
    const serverPid = () => {
      const pids = [next.pid as number, ...descendants(next.pid as number)];
      for (const pid of pids.slice(1)) if (!orphans.has(pid)) orphans.set(pid, readProc(pid, "cmdline"));
      return pids.find((pid) => readProc(pid, "cmdline").includes("next-server")) ?? pids.reduce((a, b) => (readRss(b).rssMb > readRss(a).rssMb ? b : a));
    };
    serverPid();
    const bench: Bench = {
      url,
      databaseUrl: database.url,
      env,
      model,
      pusher,
      serverPid,
      spawn(command, args, childEnv) {
        const child = spawn(command, args, { env: childEnv, stdio: ["ignore", "ignore", "inherit"] });
        children.push(child);
        return child;
      },
    };
    return await body(bench);
  } finally {
    await cleanUp();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}

/** A writer made like an integrator would: sign-up through the API, then an API token (stored hashed). */
export async function createWriter(bench: Bench, label = "bench"): Promise<BenchWriter> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const password = "bench pass 123";
  const signUp = await fetch(`${bench.url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const { id: userId } = (await signUp.json()) as { id: string };
  const token = `gf_${randomBytes(30).toString("base64url")}`;
  const sql = new pg.Client({ connectionString: bench.databaseUrl });
  await sql.connect();
  try {
    await sql.query('INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash") VALUES ($1, $2, $3, $4, $5)', [
      `bench-${randomUUID()}`,
      userId,
      label,
      token.slice(0, 10),
      createHash("sha256").update(token).digest("hex"),
    ]);
  } finally {
    await sql.end();
  }
  return { userId, email, password, token };
}

/** A JSON call with a bearer token; anything but 2xx throws with the answer's body. */
export async function api<T>(bench: Bench, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${bench.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<I, O>(items: I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Failures grouped by message (ids blanked), most frequent first: `3× "…", 1× "…"`. */
export function summarizeFailures(reasons: unknown[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) {
    const message = (reason instanceof Error ? reason.message : String(reason)).replace(/\bc[a-z0-9]{20,}\b/g, "{id}").slice(0, 160);
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([message, n]) => `${n}× "${message}"`)
    .join(", ");
}

export function runMain(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name} failed:`, error);
      process.exit(1);
    },
  );
}
