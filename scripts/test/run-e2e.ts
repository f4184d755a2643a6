// `npm run test:e2e`: a fresh database, a production build, `next start` on a free port, then Playwright.
// Everything it starts is stopped and dropped again, whatever the outcome.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort, waitForHealth } from "../lib/processes";
import { createTestDatabase } from "../lib/test-db";

const NEXT_BIN = "node_modules/.bin/next";

async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: "inherit", env });
  const [code] = (await once(child, "exit")) as [number | null];
  return code ?? 1;
}

async function main(): Promise<number> {
  const database = await createTestDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: "e2e-secret-not-for-production",
    CRON_SECRET: "e2e-cron-secret",
    RATE_LIMIT_POINTS: process.env.RATE_LIMIT_POINTS ?? "300",
    RATE_LIMIT_WINDOW_SECONDS: "60",
    E2E_BASE_URL: baseUrl,
  };
  let server: ChildProcess | undefined;
  try {
    if (process.env.E2E_SKIP_BUILD !== "1") {
      const built = await run(NEXT_BIN, ["build"], env);
      if (built !== 0) return built;
    }
    server = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "inherit", "inherit"], env });
    await waitForHealth(baseUrl, { isAlive: () => server?.exitCode === null });
    return await run("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], env);
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
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
