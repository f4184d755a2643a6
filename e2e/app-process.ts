// A `next start` of the e2e build that a spec owns: started with its own environment, its JSON log lines kept,
// killed (SIGKILL of the whole process group, as a crashed host would be) or stopped at the end.
import { type ChildProcess, spawn } from "node:child_process";
import { freePort, waitForHealth } from "../scripts/lib/processes";

const NEXT_BIN = "node_modules/.bin/next";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote, as text. */
  output: () => string;
  /** The server's JSON log lines (lib/log.ts), parsed. */
  logLines: () => Record<string, unknown>[];
}

const running = new Set<ChildProcess>();
const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// Last resort if the runner itself goes away: no server may outlive the spec.
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});

/**
 * Starts `next start` and waits until /api/health answers 200 — or, with `healthStatus`, that status (a server
 * whose database is down answers 503).
 */
export async function startAppProcess(env: Record<string, string>, { healthStatus = 200 }: { healthStatus?: number } = {}): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, NEXTAUTH_URL: url },
  });
  running.add(child);
  child.on("exit", () => running.delete(child));
  const chunks: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join("");
  try {
    if (healthStatus === 200) await waitForHealth(url, { timeoutMs: 90_000, isAlive: () => isRunning(child) });
    else await waitForStatus(`${url}/api/health`, healthStatus, () => isRunning(child));
  } catch (error) {
    signalGroup(child, "SIGKILL");
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  const logLines = () =>
    output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return { url, child, output, logLines };
}

async function waitForStatus(url: string, status: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server at ${url} exited`);
    const answered = await fetch(url).then(
      (res) => res.status,
      () => 0,
    );
    if (answered === status) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within 90 s`);
}

/** SIGKILL (a crash: no cleanup runs) or SIGTERM, then SIGKILL if the process lingers. */
export async function stopAppProcess(app: AppProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  signalGroup(app.child, signal);
  if (!(await waitForExit(app.child, 10_000))) {
    signalGroup(app.child, "SIGKILL");
    await waitForExit(app.child, 5_000);
  }
}
