// A long draft whose process is killed twice (SIGKILL, each time after it completed a section) resumes from
// its last completed section: the third attempt writes only the remaining sections, the article has every
// section exactly once, and the run succeeds instead of failing for lack of attempts.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, runAction, startRunKit } from "@/scripts/test/run-kit";
import { startWorker } from "@/scripts/test/worker";

let fake: FakeOpenAI;
const children = new Set<ChildProcess>();
let m: RunModules;

const ENV = { GENFLOW_MODEL: "fake-model", OPENAI_API_KEY: "test", GENFLOW_RUN_LEASE_SECONDS: "2" };
const SECTIONS = ["Where drafts die", "What a checkpoint keeps", "How the resume asks", "Why nothing repeats"];

beforeAll(async () => {
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 5, tokensPerSecond: 0 } }, ENV));
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await fake?.stop();
});

function start(input: Record<string, unknown>) {
  const worker = startWorker(input, { ...ENV, OPENAI_BASE_URL: fake.url, DATABASE_URL: inject("databaseUrl") });
  children.add(worker.child);
  return worker;
}

const act = (sessionId: string, userId: string, action: string, parameters?: Record<string, unknown>) => runAction(m, sessionId, userId, action, parameters);

async function until<T>(what: string, read: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const checkpointOf = async (actionId: string) => {
  const run = await m.db.run.findUniqueOrThrow({ where: { id: actionId }, select: { checkpoint: true, attempts: true } });
  const saved = run.checkpoint as { text: string; sections: number; attempt: number } | null;
  return { text: saved?.text ?? "", sections: saved?.sections ?? 0, attempt: saved?.attempt ?? 0, attempts: run.attempts };
};

describe("checkpointed resume", () => {
  it("a draft killed twice resumes from its last completed section and succeeds", { timeout: 120_000 }, async () => {
    const { user, sessionId, articleId } = await createWriterSession(m);
    const topics = await act(sessionId, user.id, "discover_topics", { category: "checkpoints", count: 3 });
    await act(sessionId, user.id, "select_topic", { topicId: (topics.result as { topics: { id: string }[] }).topics[0].id });
    await act(sessionId, user.id, "approve");
    await act(sessionId, user.id, "research_topic", { sources: [{ title: "Notes", text: "Long drafts outlive their processes." }] });
    const research = (await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id })).stageData as { research: { outline: { id: string }[] } };
    const outline = SECTIONS.map((title, i) => ({ id: research.research.outline[i]?.id ?? `s${i + 1}`, title, points: ["a point"] }));
    await act(sessionId, user.id, "update_outline", { sections: outline });
    await act(sessionId, user.id, "approve");

    // Slow enough that each section takes a few seconds to stream.
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 90 });
    const first = start({ sessionId, userId: user.id, action: "write_draft", parameters: { targetLength: 800 } });
    const actionId = (await first.report).actionId ?? "";
    const one = await until(
      "a first completed section",
      async () => {
        const c = await checkpointOf(actionId);
        return c.sections >= 1 ? c : undefined;
      },
      30_000,
    );
    first.child.kill("SIGKILL");
    expect(one).toMatchObject({ attempt: 1, attempts: 1 });

    // Another instance resumes it after the lease (2 s); killed again once it has completed a further section.
    await new Promise((r) => setTimeout(r, 2_500));
    const second = start({ sessionId, userId: user.id, recover: true });
    expect((await second.report).resumed).toBe(1);
    const two = await until(
      "a section completed by the second attempt",
      async () => {
        const c = await checkpointOf(actionId);
        return c.attempt === 2 && c.sections > one.sections ? c : undefined;
      },
      30_000,
    );
    second.child.kill("SIGKILL");
    expect(two.text.startsWith(one.text)).toBe(true);

    // The third attempt (this process) starts after section `two.sections` and asks the model only for the rest.
    fake.setLatency({ ttftMs: 5, tokensPerSecond: 0 });
    await new Promise((r) => setTimeout(r, 2_500));
    const pending: Promise<unknown>[] = [];
    expect((await m.executor.recoverStaleRuns({ sessionId, schedule: (p) => pending.push(p) })).resumed).toBe(1);
    await Promise.all(pending);

    const run = await m.db.run.findUniqueOrThrow({ where: { id: actionId }, select: { status: true, attempts: true } });
    expect(run).toEqual({ status: "succeeded", attempts: 3 });
    const article = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    expect(article.content.startsWith(two.text)).toBe(true);
    for (const title of SECTIONS) expect(article.content.split(`## ${title}`).length - 1, title).toBe(1);
    // The resumed attempt's preview starts over at offset 0 with the kept sections, then adds the rest.
    const deltas = await m.db.event.findMany({ where: { sessionId, type: "draft.delta" }, orderBy: { seq: "asc" }, select: { data: true } });
    const third = deltas.map((d) => d.data as { attempt: number; offset: number; text: string }).filter((d) => d.attempt === 3);
    expect(third[0].offset).toBe(0);
    expect(third.map((d) => d.text).join("")).toBe(article.content);
    expect((await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id })).status).toBe("idle");
  });
});
