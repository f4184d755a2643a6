// Idempotency keys under a race: 50 parallel requests with one key all get the one run the winner created,
// for a model action and for a state action that moves the stage (a late loser must not apply it twice).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, startRunKit } from "@/scripts/test/run-kit";

let fake: FakeOpenAI;
let m: RunModules;

beforeAll(async () => {
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 5, tokensPerSecond: 0 } }));
});

afterAll(async () => {
  await fake?.stop();
});

async function race(sessionId: string, userId: string, action: string, parameters: Record<string, unknown>, idempotencyKey: string) {
  const pending: Promise<unknown>[] = [];
  const answers = await Promise.allSettled(
    Array.from({ length: 50 }, () =>
      m.runs.startAction({ sessionId, userId, request: { action, parameters, idempotencyKey }, schedule: (p) => pending.push(p) }),
    ),
  );
  await Promise.all(pending);
  const refused = answers.flatMap((a) => (a.status === "rejected" ? [String((a.reason as Error).message)] : []));
  const ids = new Set(answers.flatMap((a) => (a.status === "fulfilled" ? [a.value.run.actionId] : [])));
  return { refused, ids, replayed: answers.filter((a) => a.status === "fulfilled" && a.value.replayed).length };
}

describe("one idempotency key, 50 parallel requests", () => {
  it("a model action: every request answers with the one run", async () => {
    const { user, sessionId } = await createWriterSession(m);
    const { refused, ids, replayed } = await race(sessionId, user.id, "discover_topics", { category: "races", count: 3 }, "discover-1");
    expect(refused).toEqual([]);
    expect(ids.size).toBe(1);
    expect(replayed).toBe(49);
    const runs = await m.db.run.findMany({ where: { sessionId }, select: { id: true, status: true } });
    expect(runs).toEqual([{ id: [...ids][0], status: "succeeded" }]);
  });

  it("a stage-moving state action: one run, applied once, every request answers with it", async () => {
    const { user, sessionId } = await createWriterSession(m);
    await m.runs.startAction({ sessionId, userId: user.id, request: { action: "select_topic", parameters: { title: "Races" } }, schedule: () => {} });
    const { refused, ids } = await race(sessionId, user.id, "approve", {}, "approve-1");
    expect(refused).toEqual([]);
    expect(ids.size).toBe(1);
    expect((await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id })).stage).toBe("research");
    expect(await m.db.run.count({ where: { sessionId, action: "approve" } })).toBe(1);
  });
});
