// A resumed run works from the article as its first attempt saw it. write_draft over existing text with
// apply: "auto": the first attempt completes a section (its checkpoint) and its process dies; the writer then
// adds a sentence; the resumed attempt's draft is the first attempt's sections plus the rest, so it is merged
// against the first attempt's base (the revision at Run.baseVersion), and the writer's sentence survives,
// merged or as a conflict left to the writer, never deleted as if the AI had removed it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { type RunModules, runAction, startRunKit } from "@/scripts/test/run-kit";

let fake: FakeOpenAI;
let m: RunModules;

beforeAll(async () => {
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 5, tokensPerSecond: 0 } }, { GENFLOW_RUN_LEASE_SECONDS: "2" }));
});

afterAll(async () => {
  await fake?.stop();
});

const SECTIONS = ["Where drafts die", "What a checkpoint keeps", "How the resume asks", "Why nothing repeats"].map((title) => ({
  title,
  points: ["a point"],
}));
const SENTENCE = "The writer typed this between the two attempts.";

async function until<T>(what: string, read: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a resumed write_draft over existing text", () => {
  it("keeps what the writer typed between its attempts (apply: auto)", { timeout: 120_000 }, async () => {
    const user = await m.factories.createTestUser("resume-base");
    const userId = user.id;
    const { sessionId, articleId } = await m.sessions.createSession({
      userId,
      input: { context: {}, initialStage: "research", title: "Durable drafts", language: "en" },
      locale: "en",
    });
    expect((await runAction(m, sessionId, userId, "update_outline", { sections: SECTIONS })).status).toBe("succeeded");
    await runAction(m, sessionId, userId, "approve");
    expect((await runAction(m, sessionId, userId, "write_draft", { targetLength: 400 })).result).toMatchObject({ version: 2 });
    const first = await m.articles.getArticleOrThrow({ id: articleId, userId });

    // A second draft over that text, slow enough to be caught after its first section.
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 90 });
    const pending: Promise<unknown>[] = [];
    const request = { action: "write_draft", parameters: { targetLength: 800 }, apply: "auto" as const };
    const { run } = await m.runs.startAction({ sessionId, userId, request, schedule: (p) => pending.push(p) });
    await until(
      "a completed section",
      async () => {
        const row = await m.db.run.findUniqueOrThrow({ where: { id: run.actionId }, select: { checkpoint: true, baseVersion: true } });
        const sections = (row.checkpoint as { sections?: number } | null)?.sections ?? 0;
        return sections >= 1 && row.baseVersion !== null ? row : undefined;
      },
      30_000,
    );
    // Its process dies: the lease passes to nobody and has expired; the attempt here is fenced out and stops.
    await m.db.run.update({ where: { id: run.actionId }, data: { leaseOwner: "a process that died", leaseExpiresAt: new Date(Date.now() - 1000) } });
    await Promise.all(pending);
    expect(await m.db.run.findUniqueOrThrow({ where: { id: run.actionId }, select: { status: true, baseVersion: true } })).toEqual({
      status: "running",
      baseVersion: first.version,
    });

    // Between the attempts the writer adds a sentence.
    const edited = await m.articles.updateArticle({
      id: articleId,
      userId,
      baseVersion: first.version,
      change: { content: `${first.content}\n\n${SENTENCE}` },
    });

    fake.setLatency({ ttftMs: 5, tokensPerSecond: 0 });
    const resumed: Promise<unknown>[] = [];
    expect((await m.executor.recoverStaleRuns({ sessionId, schedule: (p) => resumed.push(p) })).resumed).toBe(1);
    await Promise.all(resumed);

    const done = await m.db.run.findUniqueOrThrow({ where: { id: run.actionId }, select: { status: true, attempts: true, baseVersion: true, result: true } });
    // The resumed attempt kept the first attempt's base: the writer's sentence is the writer's side of the merge.
    expect(done).toMatchObject({ status: "succeeded", attempts: 2, baseVersion: first.version });
    const article = await m.articles.getArticleOrThrow({ id: articleId, userId });
    expect(article.content).toContain(SENTENCE);
    const { proposalId } = done.result as { proposalId: string };
    const proposal = await m.proposals.getProposal({ articleId, proposalId, userId });
    expect(proposal.baseVersion).toBe(first.version);
    // Whatever is left for the writer to decide is a conflict; nothing the AI applied removed the sentence.
    expect(proposal.changes.every((c) => c.kind === "conflict")).toBe(true);
    if (proposal.status === "accepted") expect(article.version).toBe(edited.version + 1);
    else expect(proposal.changes.some((c) => c.current.includes(SENTENCE.slice(0, -1)))).toBe(true);
  });
});
