// `npm run test:e2e`: a fresh database, the fake OpenAI-compatible model and the local Pusher-compatible
// server (in this process), a production build, `next start` on free ports — one with the model configured
// and one without — then Playwright. Everything is stopped and dropped again, whatever the outcome.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { startFakeOpenAI } from "../fake-openai/server";
import { freePort, waitForHealth } from "../lib/processes";
import { createTestDatabase } from "../lib/test-db";
import { startPusherServer } from "../pusher-server/server";

const NEXT_BIN = "node_modules/.bin/next";

async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: "inherit", env });
  const [code] = (await once(child, "exit")) as [number | null];
  return code ?? 1;
}

async function startApp(env: NodeJS.ProcessEnv): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, NEXTAUTH_URL: url },
  });
  await waitForHealth(url, { isAlive: () => child.exitCode === null });
  return { url, process: child };
}

async function stopProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

async function main(): Promise<number> {
  const database = await createTestDatabase();
  const pusher = { appId: "genflow-e2e", key: "genflow-e2e-key", secret: randomBytes(16).toString("hex") };
  const [pusherServer, model] = await Promise.all([startPusherServer(pusher), startFakeOpenAI({ latency: { ttftMs: 20, tokensPerSecond: 3000 } })]);
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: "e2e-secret-not-for-production",
    CRON_SECRET: "e2e-cron-secret",
    RATE_LIMIT_POINTS: process.env.RATE_LIMIT_POINTS ?? "300",
    RATE_LIMIT_WINDOW_SECONDS: "60",
    // Every spec signs writers up and in from 127.0.0.1: the per-IP budgets are set high here, and
    // e2e/api/security.spec.ts proves the limits themselves on per-email keys and a dedicated server.
    RATE_LIMIT_IP_POINTS: "100000",
    SIGN_UPS_PER_IP: "100000",
    SIGN_IN_FAILURES_PER_IP: "100000",
    CORS_ORIGINS: "https://integrator.example",
    GENFLOW_RUN_LEASE_SECONDS: "6",
    // Differently configured servers (with and without a model, the specs' own) share this database: a sweep on
    // one would take over another spec's dead run. Reads recover runs here; e2e/api/run-sweep.spec.ts turns the
    // sweep on for a server of its own, on a database of its own.
    GENFLOW_RUN_SWEEP_SECONDS: "0",
    // The servers' JSON request lines would drown Playwright's report; specs that read logs set their own level.
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    PUSHER_APP_ID: pusher.appId,
    PUSHER_KEY: pusher.key,
    PUSHER_SECRET: pusher.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(pusherServer.port),
    NEXT_PUBLIC_PUSHER_HOST: "127.0.0.1",
    NEXT_PUBLIC_PUSHER_PORT: String(pusherServer.port),
  };
  const withModel = { ...base, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "fake-key", GENFLOW_MODEL: "fake-writer-1" };
  const apps: ChildProcess[] = [];
  try {
    if (process.env.E2E_SKIP_BUILD !== "1") {
      const built = await run(NEXT_BIN, ["build"], withModel);
      if (built !== 0) return built;
    }
    const [app, noModelApp] = await Promise.all([startApp(withModel), startApp(base)]);
    apps.push(app.process, noModelApp.process);
    const args = process.argv.slice(2);
    return await run("node_modules/.bin/playwright", ["test", ...args], {
      ...withModel,
      // The whole suite must exercise every documented operation (e2e/global-teardown.ts); a filtered run need not.
      E2E_CONTRACT_COVERAGE: args.length === 0 ? "required" : "reported",
      E2E_BASE_URL: app.url,
      E2E_NO_MODEL_BASE_URL: noModelApp.url,
      E2E_FAKE_OPENAI_URL: model.url,
      E2E_PUSHER_KEY: pusher.key,
      E2E_PUSHER_APP_ID: pusher.appId,
      E2E_PUSHER_SECRET: pusher.secret,
      E2E_PUSHER_PORT: String(pusherServer.port),
    });
  } finally {
    await Promise.all(apps.map(stopProcess));
    await Promise.all([pusherServer.stop(), model.stop()]);
    await database.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("e2e:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
