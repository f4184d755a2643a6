// Starts scripts/test/run-worker.ts as another app instance (a child process the test can SIGSTOP or SIGKILL).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Worker {
  child: ChildProcess;
  /** The worker's first report: `{actionId}` once the action is accepted, or `{resumed}` after recovery. */
  report: Promise<{ actionId?: string; resumed?: number }>;
  exited: Promise<number | null>;
}

export function startWorker(input: Record<string, unknown>, env: Record<string, string>): Worker {
  // node itself, not the tsx CLI (which runs node as a child of its own, out of reach of signals).
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/test/run-worker.ts", JSON.stringify(input)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const report = new Promise<{ actionId?: string; resumed?: number }>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (line.startsWith("run-worker ")) resolve(JSON.parse(line.slice("run-worker ".length)) as { actionId?: string; resumed?: number });
    });
    child.on("exit", () => reject(new Error("the worker exited before reporting")));
  });
  report.catch(() => {});
  return { child, report, exited };
}
