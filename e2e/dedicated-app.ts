// A `next start` of the same build (same database) with its own environment, for specs that need settings
// the shared servers must not have: low request budgets, webhooks to loopback receivers.
import { type ChildProcess, spawn } from "node:child_process";
import { freePort, waitForHealth } from "../scripts/lib/processes";

const NEXT_BIN = "node_modules/.bin/next";

export interface DedicatedApp {
  url: string;
  stop(): Promise<void>;
}

export async function startDedicatedApp(env: Record<string, string>): Promise<DedicatedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, NEXTAUTH_URL: url },
  });
  const logs: string[] = [];
  child.stdout?.on("data", (c: Buffer) => logs.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => logs.push(c.toString()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const killOnExit = () => kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    await waitForHealth(url, { timeoutMs: 90_000, isAlive: () => child.exitCode === null });
  } catch (error) {
    kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${logs.join("")}`);
  }
  return {
    url,
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
