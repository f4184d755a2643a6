// `npm run test:e2e`: a fresh database, a production build, `next start` on a free port, then Playwright.
// Everything it starts is stopped and dropped again, whatever the outcome.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { createTestDatabase } from "../lib/test-db";

const NEXT_BIN = "node_modules/.bin/next";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: "inherit", env });
  const [code] = (await once(child, "exit")) as [number | null];
  return code ?? 1;
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not become healthy at ${url} within ${timeoutMs / 1000} s`);
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
    await waitForHealth(baseUrl, server);
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
