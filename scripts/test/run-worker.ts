// A second app instance for fault tests: in its own process, starts one action on a session and executes it,
// or recovers the session's dead run (`recover`), so a test can pause or kill it, take over or cancel from
// another process, and see what it writes.
// Run: node --import tsx --conditions=react-server scripts/test/run-worker.ts '{"sessionId":…,"userId":…,"action":…,"parameters":{…}}'
import { recoverStaleRuns } from "@/lib/genflow/run-executor";
import { startAction } from "@/lib/genflow/runs";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  sessionId: string;
  userId: string;
  action?: string;
  parameters?: Record<string, unknown>;
  recover?: boolean;
};
const pending: Promise<unknown>[] = [];
const schedule = (work: Promise<unknown>) => pending.push(work);
if (input.recover) {
  const { resumed } = await recoverStaleRuns({ sessionId: input.sessionId, schedule });
  process.stdout.write(`run-worker ${JSON.stringify({ resumed })}\n`);
} else {
  const { run } = await startAction({
    sessionId: input.sessionId,
    userId: input.userId,
    request: { action: input.action ?? "", parameters: input.parameters ?? {} },
    schedule,
  });
  // The app logs to stdout too: this line is marked.
  process.stdout.write(`run-worker ${JSON.stringify({ actionId: run.actionId })}\n`);
}
await Promise.all(pending);
process.exit(0);
