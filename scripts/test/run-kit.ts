// Test kit for the lib/genflow *.integration.test.ts files that drive runs against the fake model: it starts
// the fake OpenAI-compatible server, points the environment at it and only then imports the domain modules
// (lib/env.ts reads the environment once, on import), and gives each test a fresh writer with a new session.
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "@/scripts/fake-openai/server";

export interface RunModules {
  runs: typeof import("@/lib/genflow/runs");
  sessions: typeof import("@/lib/genflow/sessions");
  executor: typeof import("@/lib/genflow/run-executor");
  articles: typeof import("@/lib/genflow/articles");
  proposals: typeof import("@/lib/genflow/proposals");
  events: typeof import("@/lib/genflow/events");
  db: typeof import("@/lib/db")["db"];
  factories: typeof import("@/scripts/test/factories");
}

/** The fake model with `options`, the environment (`env` on top of the model's), then the modules. */
export async function startRunKit(options: FakeOpenAIOptions, env: Record<string, string> = {}): Promise<{ fake: FakeOpenAI; m: RunModules }> {
  const fake = await startFakeOpenAI(options);
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "test", GENFLOW_MODEL: "fake-model", ...env });
  const m: RunModules = {
    runs: await import("@/lib/genflow/runs"),
    sessions: await import("@/lib/genflow/sessions"),
    executor: await import("@/lib/genflow/run-executor"),
    articles: await import("@/lib/genflow/articles"),
    proposals: await import("@/lib/genflow/proposals"),
    events: await import("@/lib/genflow/events"),
    db: (await import("@/lib/db")).db,
    factories: await import("@/scripts/test/factories"),
  };
  return { fake, m };
}

/** A new writer (email prefixed with `prefix`) and a new session of theirs at the first stage. */
export async function createWriterSession(m: RunModules, prefix?: string) {
  const user = await m.factories.createTestUser(prefix);
  const session = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
  return { user, ...session };
}

/** Starts an action, waits for the run it schedules, and reads the run back. */
export async function runAction(
  m: RunModules,
  sessionId: string,
  userId: string,
  action: string,
  parameters: Record<string, unknown> = {},
  options: { apply?: "review" | "auto" } = {},
) {
  const pending: Promise<unknown>[] = [];
  const { run } = await m.runs.startAction({ sessionId, userId, request: { action, parameters, ...options }, schedule: (p) => pending.push(p) });
  await Promise.all(pending);
  return m.runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId });
}
