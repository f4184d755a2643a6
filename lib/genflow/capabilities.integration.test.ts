// The editor helpers (suggestions, autocomplete, grammar check) and feedback, on the fake model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let caps: typeof import("@/lib/genflow/capabilities");
let runs: typeof import("@/lib/genflow/runs");
let sessions: typeof import("@/lib/genflow/sessions");
let events: typeof import("@/lib/genflow/events");
let createTestUser: typeof import("@/scripts/test/factories")["createTestUser"];

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 1, tokensPerSecond: 0 } });
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "test", GENFLOW_MODEL: "fake-model" });
  caps = await import("@/lib/genflow/capabilities");
  runs = await import("@/lib/genflow/runs");
  sessions = await import("@/lib/genflow/sessions");
  events = await import("@/lib/genflow/events");
  ({ createTestUser } = await import("@/scripts/test/factories"));
});

afterAll(async () => {
  await fake?.stop();
});

async function sessionAt(stage: "topic" | "writing" | "review" | "publish") {
  const user = await createTestUser();
  const { sessionId } = await sessions.createSession({ userId: user.id, input: { context: {}, initialStage: stage }, locale: "en" });
  return { user, session: await sessions.getSessionOrThrow({ id: sessionId, userId: user.id }) };
}

describe("capabilities", () => {
  it("suggests three alternatives, as JSON and streamed one by one, with a suggestion.ready event and usage", async () => {
    const { session, user } = await sessionAt("writing");
    const input = { text: "The edge is where the data is.", instruction: "improve" as const };
    const json = await caps.suggestAlternatives({ session, input });
    expect(json.suggestions).toHaveLength(3);
    const streamed: [number, string][] = [];
    const result = await caps.streamSuggestions({ session, input, onSuggestion: (text, index) => streamed.push([index, text]) });
    expect(streamed.map(([i]) => i)).toEqual([0, 1, 2]);
    expect(result.suggestions).toEqual(streamed.map(([, text]) => text));
    const log = await events.listEvents({ sessionId: session.id, after: 0 });
    expect(log.filter((e) => e.type === "suggestion.ready")).toHaveLength(2);
    const after = sessions.toSessionView(await sessions.getSessionOrThrow({ id: session.id, userId: user.id }));
    expect(after.usage.tokensIn).toBeGreaterThan(0);
  });

  it("streams a short autocomplete and finds grammar issues with offsets", async () => {
    const { session } = await sessionAt("writing");
    const deltas: string[] = [];
    const { completion } = await caps.autocomplete({ session, input: { text: "Rooftop farms are", maxWords: 12 }, onDelta: (d) => deltas.push(d) });
    expect(deltas.join("")).toBe(completion);
    expect(completion.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(20);
    const text = "Their going to the market tomorow.";
    const { issues } = await caps.grammarCheck({ session, input: { text } });
    for (const issue of issues) {
      if (issue.offset) expect(text.slice(issue.offset.start, issue.offset.end)).toBe(issue.excerpt);
    }
  });

  it("answers 409 for a capability the stage does not offer", async () => {
    const { session } = await sessionAt("topic");
    await expect(caps.grammarCheck({ session, input: { text: "x" } })).rejects.toMatchObject({ code: "wrong_stage", status: 409 });
    await expect(caps.autocomplete({ session, input: { text: "x", maxWords: 5 } })).rejects.toMatchObject({ code: "wrong_stage" });
  });

  it("re-runs the stage's last AI action with the writer's feedback", async () => {
    const { session, user } = await sessionAt("topic");
    await expect(runs.rerunWithFeedback({ sessionId: session.id, userId: user.id, comment: "more", schedule: () => {} })).rejects.toMatchObject({
      code: "wrong_stage",
    });
    const pending: Promise<unknown>[] = [];
    const schedule = (p: Promise<unknown>) => pending.push(p);
    await runs.startAction({
      sessionId: session.id,
      userId: user.id,
      request: { action: "discover_topics", parameters: { category: "tea", count: 2 } },
      schedule,
    });
    await Promise.all(pending.splice(0));
    const { run } = await runs.rerunWithFeedback({ sessionId: session.id, userId: user.id, comment: "Focus on green tea", schedule });
    await Promise.all(pending);
    const done = await runs.getRunOrThrow({ sessionId: session.id, actionId: run.actionId, userId: user.id });
    expect(done).toMatchObject({ action: "discover_topics", status: "succeeded" });
    expect(fake.stats().calls.chatCompletions + fake.stats().calls.responses).toBeGreaterThan(0);
  });
});
