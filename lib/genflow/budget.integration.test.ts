// Token usage is recorded per run and per session, and GENFLOW_SESSION_TOKEN_BUDGET stops a run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let runs: typeof import("@/lib/genflow/runs");
let sessions: typeof import("@/lib/genflow/sessions");
let db: typeof import("@/lib/db")["db"];
let createTestUser: typeof import("@/scripts/test/factories")["createTestUser"];

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 1, tokensPerSecond: 0 } });
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "test", GENFLOW_MODEL: "gpt-4.1-mini", GENFLOW_SESSION_TOKEN_BUDGET: "2500" });
  runs = await import("@/lib/genflow/runs");
  sessions = await import("@/lib/genflow/sessions");
  db = (await import("@/lib/db")).db;
  ({ createTestUser } = await import("@/scripts/test/factories"));
});

afterAll(async () => {
  await fake?.stop();
});

async function act(sessionId: string, userId: string, action: string, parameters: Record<string, unknown> = {}) {
  const pending: Promise<unknown>[] = [];
  const { run } = await runs.startAction({ sessionId, userId, request: { action, parameters }, schedule: (p) => pending.push(p) });
  await Promise.all(pending);
  return runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId });
}

describe("usage and budget", () => {
  it("records tokens and an estimated cost per run and per session", async () => {
    const user = await createTestUser();
    const { sessionId } = await sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const before = fake.stats();
    const run = await act(sessionId, user.id, "discover_topics", { category: "tea", count: 2 });
    const after = fake.stats();
    expect(run.status).toBe("succeeded");
    expect(run.usage.tokensIn).toBe(after.promptTokens - before.promptTokens);
    expect(run.usage.tokensOut).toBe(after.completionTokens - before.completionTokens);
    expect(run.usage.costUsd).toBeGreaterThan(0);
    const session = sessions.toSessionView(await sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    expect(session.usage).toMatchObject({ tokensIn: run.usage.tokensIn, tokensOut: run.usage.tokensOut, costUsd: run.usage.costUsd, budget: 2500 });
  });

  it("stops a run that would pass the budget with a clear error, and refuses new AI actions once it is spent", async () => {
    const user = await createTestUser();
    const { sessionId } = await sessions.createSession({ userId: user.id, input: { context: {}, initialStage: "research" }, locale: "en" });
    await act(sessionId, user.id, "update_outline", {
      sections: [
        { title: "One", points: ["a"] },
        { title: "Two", points: ["b"] },
      ],
    });
    await act(sessionId, user.id, "approve", { stage: "research" });
    const calls = fake.stats().calls;
    const run = await act(sessionId, user.id, "write_draft", { targetLength: 5000 });
    expect(run.status).toBe("failed");
    expect(run.errorMessage).toMatch(/budget \(2500\) would be exceeded/);
    // Stopped before calling the model.
    expect(fake.stats().calls).toEqual(calls);
    const session = sessions.toSessionView(await sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    expect(session.progress.status).toBe("error");

    await db.session.update({ where: { id: sessionId }, data: { tokensIn: 2000, tokensOut: 600 } });
    await expect(
      runs.startAction({ sessionId, userId: user.id, request: { action: "write_draft", parameters: {} }, schedule: () => {} }),
    ).rejects.toMatchObject({
      code: "budget_exceeded",
      status: 402,
    });
    // State actions still work: the writer can go on by hand.
    const back = await act(sessionId, user.id, "go_to_stage", { stage: "research" });
    expect(back.status).toBe("succeeded");
  });
});
