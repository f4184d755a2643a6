// `npm run dev`: zero-setup development. Without DATABASE_URL, starts the embedded PostgreSQL (PGlite in
// .data/pglite, served on 127.0.0.1:EMBEDDED_DB_PORT, default 54329) and hands its URL to the children; applies
// migrations; then runs `next dev` (PORT, default 3000) next to any helper processes, and stops them all together.
// Extra arguments go to next: `npm run dev -- --turbopack`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { config } from "dotenv";
import { prettyFactory } from "pino-pretty";
import { type EmbeddedDb, EmbeddedDbError, startEmbeddedDb } from "./lib/embedded-db";
import { applyMigrations, describeUrl, MigrationError, takeEnginePanic } from "./lib/migrations";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
// Same precedence as Next.js: .env.local over .env, and real environment variables over both.
config({ path: [resolve(ROOT, ".env.local"), resolve(ROOT, ".env")], quiet: true });

interface Helper {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

// ---- Extra child processes started next to `next dev` -------------------------------------------------------
// Without hosted Pusher settings, the local Pusher-compatible server stands in (same protocol, real signatures).
// With GENFLOW_FAKE_MODEL=1 and no model configured, the fake OpenAI-compatible server answers AI actions.
// Each runs with the same environment as next (plus `env`), output inherited; if one exits, everything stops.
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const helpers: Helper[] = [];
if (!process.env.PUSHER_APP_ID) {
  const port = process.env.PUSHER_PORT ?? "6001";
  Object.assign(process.env, {
    PUSHER_APP_ID: "genflow-dev",
    PUSHER_KEY: "genflow-dev-key",
    PUSHER_SECRET: "genflow-dev-secret",
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: port,
    NEXT_PUBLIC_PUSHER_HOST: "127.0.0.1",
    NEXT_PUBLIC_PUSHER_PORT: port,
  });
  helpers.push({ name: "pusher", command: process.execPath, args: [tsxCli, "scripts/pusher-server/main.ts"] });
}
if (process.env.GENFLOW_FAKE_MODEL === "1" && !process.env.OPENAI_API_KEY && !process.env.OPENAI_BASE_URL) {
  const port = process.env.FAKE_OPENAI_PORT ?? "4010";
  Object.assign(process.env, {
    OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    OPENAI_API_KEY: "fake",
    GENFLOW_MODEL: process.env.GENFLOW_MODEL ?? "fake-writer",
  });
  helpers.push({ name: "fake-openai", command: process.execPath, args: [tsxCli, "scripts/fake-openai/main.ts"], env: { FAKE_OPENAI_PORT: port } });
}
// -------------------------------------------------------------------------------------------------------------

const STOP_GRACE_MS = 10_000; // then SIGKILL whatever is still running
// Each child runs in its own process group, and signals go to the whole group: `next dev` forks next-server,
// and on a SIGINT sent to it alone (not from a terminal's Ctrl-C) it exits without taking next-server along.
const groups = new Map<string, number>(); // name -> process group id (= the child's pid)
let embedded: EmbeddedDb | undefined;
let shuttingDown: Promise<never> | undefined;

function log(message: string): void {
  console.log(`[dev] ${message}`);
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new EmbeddedDbError(`invalid EMBEDDED_DB_PORT`);
    const started = performance.now();
    embedded = await startEmbeddedDb({ port });
    process.env.DATABASE_URL = embedded.url; // inherited by every child below
    log(`embedded PostgreSQL (PGlite, .data/pglite) at ${embedded.url} (${ms(started)})`);
  }
  const url = process.env.DATABASE_URL as string;
  const started = performance.now();
  const { applied } = await applyMigrations({ url });
  log(
    applied.length > 0
      ? `applied ${applied.length} migration(s) to ${describeUrl(url)}: ${applied.join(", ")} (${ms(started)})`
      : `database is up to date: ${describeUrl(url)}`,
  );

  for (const helper of helpers) {
    start(helper.name, helper.command, helper.args, { ...process.env, ...helper.env });
  }
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const port = process.env.PORT || "3000";
  start("next", process.execPath, [nextBin, "dev", "--port", port, ...process.argv.slice(2)], process.env);
}

// The app logs one JSON object a line (lib/log.ts); here they are shown readable. LOG_FORMAT=json keeps them raw.
const prettyLogs = process.env.LOG_FORMAT !== "json";

function showPretty(stream: NodeJS.ReadableStream): void {
  const pretty = prettyFactory({ colorize: Boolean(process.stdout.isTTY), translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service" });
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
    process.stdout.write(line.startsWith("{") ? pretty(line) : `${line}\n`);
  });
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const pretty = name === "next" && prettyLogs;
  // stdin ignored: a background process group reading the terminal would be stopped (SIGTTIN).
  const child = spawn(command, args, {
    cwd: ROOT,
    env: pretty && process.stdout.isTTY ? { FORCE_COLOR: "1", ...env } : env,
    stdio: ["ignore", pretty ? "pipe" : "inherit", "inherit"],
    detached: true,
  });
  if (pretty && child.stdout) showPretty(child.stdout);
  if (child.pid) groups.set(name, child.pid);
  child.on("error", (error) => {
    log(`could not start ${name}: ${error.message}`);
    void shutdown(1);
  });
  child.on("exit", (code, signal) => {
    if (shuttingDown) return;
    // next leaving ends the session with its exit code; a helper leaving takes everything down, so a dead
    // helper (say, the Pusher server) is never mistaken for a quiet one.
    if (name !== "next") log(`${name} exited (${signal ?? code}); stopping`);
    void shutdown(code ?? (signal ? 1 : 0));
  });
}

function signalGroups(signal: NodeJS.Signals): void {
  for (const pgid of groups.values()) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // the group is already gone
    }
  }
}

function groupsAlive(): boolean {
  return [...groups.values()].some((pgid) => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  });
}

async function waitForGroups(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupsAlive() && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100));
  return !groupsAlive();
}

function shutdown(code: number, signal: NodeJS.Signals = "SIGTERM"): Promise<never> {
  shuttingDown ??= (async () => {
    signalGroups(signal);
    if (!(await waitForGroups(STOP_GRACE_MS))) {
      log(`children still running after ${STOP_GRACE_MS / 1000} s; killing them`);
      signalGroups("SIGKILL");
      await waitForGroups(2_000);
    }
    // Only now: the app must not lose its database while it is still answering requests.
    await embedded?.stop().catch((error: unknown) => log(`could not stop the embedded database: ${String(error)}`));
    process.exit(code);
  })();
  return shuttingDown;
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

// Children have their own process groups, so Ctrl-C reaches only this script: pass it on. A second signal
// does not wait for the grace period.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (shuttingDown) signalGroups("SIGKILL");
    else void shutdown(signal === "SIGINT" ? 130 : 143, signal);
  });
}

process.on("uncaughtException", (error) => {
  const panic = takeEnginePanic();
  console.error(panic ? `[dev] the schema engine crashed: ${panic}` : error);
  void shutdown(1);
});

try {
  await main();
} catch (error) {
  if (error instanceof MigrationError || error instanceof EmbeddedDbError) console.error(`[dev] ${error.message}`);
  else console.error(error);
  await shutdown(1);
}
