// A second app instance for fault tests: starts one action on a session in its own process and executes
// it, so a test can pause it (SIGSTOP), take over or cancel from another process, and see what it writes.
// Run: node --import tsx --conditions=react-server scripts/test/run-worker.ts '{"sessionId":…,"userId":…,"action":…,"parameters":{…}}'
import { startAction } from "@/lib/genflow/runs";

const { sessionId, userId, action, parameters } = JSON.parse(process.argv[2] ?? "{}") as { sessionId: string; userId: string; action: string; parameters: Record<string, unknown> };
const pending: Promise<unknown>[] = [];
const { run } = await startAction({ sessionId, userId, request: { action, parameters }, schedule: (work) => pending.push(work) });
// The app logs to stdout too: this line is marked.
process.stdout.write(`run-worker ${JSON.stringify({ actionId: run.actionId })}\n`);
await Promise.all(pending);
process.exit(0);
