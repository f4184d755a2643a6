// The whole pipeline, topic → publish, through the real @ai-sdk/openai provider over HTTP against the fake
// OpenAI-compatible server, on PostgreSQL.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

type Modules = {
  runs: typeof import("@/lib/genflow/runs");
  sessions: typeof import("@/lib/genflow/sessions");
  events: typeof import("@/lib/genflow/events");
  articles: typeof import("@/lib/genflow/articles");
  proposals: typeof import("@/lib/genflow/proposals");
  executor: typeof import("@/lib/genflow/run-executor");
  db: typeof import("@/lib/db")["db"];
};

let createTestUser: typeof import("@/scripts/test/factories")["createTestUser"];

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let hook: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let m: Modules;

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 5, tokensPerSecond: 0 } });
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  // lib/env reads the environment once, on first import: set the model first, then import.
  Object.assign(process.env, {
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: "test",
    GENFLOW_MODEL: "fake-model",
    GENFLOW_RUN_LEASE_SECONDS: "5",
    FETCH_ALLOW_PRIVATE_HOSTS: "true",
  });
  m = {
    runs: await import("@/lib/genflow/runs"),
    sessions: await import("@/lib/genflow/sessions"),
    events: await import("@/lib/genflow/events"),
    articles: await import("@/lib/genflow/articles"),
    proposals: await import("@/lib/genflow/proposals"),
    executor: await import("@/lib/genflow/run-executor"),
    db: (await import("@/lib/db")).db,
  };
  ({ createTestUser } = await import("@/scripts/test/factories"));
});

afterAll(async () => {
  await fake?.stop();
  hook?.close();
});

async function act(sessionId: string, userId: string, action: string, parameters: Record<string, unknown> = {}) {
  const pending: Promise<unknown>[] = [];
  const { run } = await m.runs.startAction({ sessionId, userId, request: { action, parameters }, schedule: (p) => pending.push(p) });
  await Promise.all(pending);
  return m.runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId });
}

async function view(sessionId: string, userId: string) {
  return m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId }));
}

describe("pipeline on the fake model", () => {
  it("takes an article from topic to publish with results, events and revisions at each stage", async () => {
    const user = await createTestUser();
    const { sessionId, articleId } = await m.sessions.createSession({
      userId: user.id,
      input: { context: { bannedTerms: ["synergy"], publishWebhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` } },
      locale: "en",
    });

    const topics = await act(sessionId, user.id, "discover_topics", { category: "edge computing", count: 4 });
    expect(topics.status).toBe("succeeded");
    let session = await view(sessionId, user.id);
    const found = (session.stageData as { topic: { topics: { id: string; title: string }[] } }).topic.topics;
    expect(found).toHaveLength(4);
    expect(session.progress).toMatchObject({ status: "idle", progress: 100 });

    await act(sessionId, user.id, "select_topic", { topicId: found[1].id });
    await act(sessionId, user.id, "approve");
    const research = await act(sessionId, user.id, "research_topic", {
      sources: [{ title: "Field notes", text: "Edge nodes cut latency for factories by processing sensor data on site." }],
    });
    expect(research.status).toBe("succeeded");
    session = await view(sessionId, user.id);
    const researchData = (
      session.stageData as { research: { outline: { id: string; title: string }[]; sources: unknown[]; keyPoints: { sourceIds: string[] }[] } }
    ).research;
    expect(researchData.sources).toHaveLength(1);
    expect(researchData.outline.length).toBeGreaterThanOrEqual(2);
    expect(researchData.keyPoints.every((k) => k.sourceIds.every((id) => id === "s1"))).toBe(true);

    const outline = researchData.outline.slice(0, 3).map((s, i) => ({ id: s.id, title: i === 0 ? "Why the edge" : s.title, points: ["a point"] }));
    await act(sessionId, user.id, "update_outline", { sections: outline });
    await act(sessionId, user.id, "approve");

    const draft = await act(sessionId, user.id, "write_draft", { targetLength: 600 });
    expect(draft.status).toBe("succeeded");
    let article = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    expect(article.content).toContain("## Why the edge");
    expect(article.content).toMatch(/\[1\]/);
    const revisions = await m.articles.listRevisions({ articleId, userId: user.id });
    expect(revisions[0]).toMatchObject({ source: "stage", stage: "writing", model: "fake-model", version: article.version });

    const revise = await act(sessionId, user.id, "revise_draft", { instruction: "Make it punchier", sectionId: outline[0].id });
    expect(revise.status).toBe("succeeded");
    // A revision is a proposal: the article changes only when the writer accepts it.
    const { proposalId } = revise.result as { proposalId: string };
    expect(revise.result).toMatchObject({ proposalId: expect.any(String), version: null });
    expect((await m.articles.getArticleOrThrow({ id: articleId, userId: user.id })).version).toBe(article.version);
    const { article: afterRevise } = await m.proposals.acceptProposal({ articleId, proposalId, userId: user.id, version: article.version });
    expect(afterRevise.version).toBe(article.version + 1);
    expect(afterRevise.content).toContain(`## ${outline[1].title}`);

    await act(sessionId, user.id, "approve");
    const style = await act(sessionId, user.id, "apply_style", { preset: "conversational", platform: "newsletter" });
    expect(style.result).toMatchObject({ preset: "conversational", platform: "newsletter" });
    await act(sessionId, user.id, "approve");

    const review = await act(sessionId, user.id, "review_article");
    expect(review.status).toBe("succeeded");
    session = await view(sessionId, user.id);
    const reviewData = (session.stageData as { review: { issues: { id: string }[]; checks: { id: string; passed: boolean }[] } }).review;
    expect(reviewData.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["citations", "outline", "length", "banned-terms", "readability"]));
    expect(reviewData.checks.find((c) => c.id === "citations")?.passed).toBe(true);
    if (reviewData.issues.length > 0) {
      const fixes = await act(sessionId, user.id, "apply_fixes", { issueIds: [reviewData.issues[0].id] });
      expect(fixes.status).toBe("succeeded");
    }
    await act(sessionId, user.id, "approve");
    const exported = await act(sessionId, user.id, "export_article", { format: "html" });
    expect(String((exported.result as { content: string }).content)).toContain("<h2>");
    await act(sessionId, user.id, "complete");

    session = await view(sessionId, user.id);
    expect(session.progress).toMatchObject({ stage: "publish", status: "idle" });
    expect(session.usage.tokensIn).toBeGreaterThan(0);
    expect(session.usage.tokensOut).toBeGreaterThan(0);

    const events = await m.events.listEvents({ sessionId, after: 0, limit: 1000 });
    expect(events.map((e) => e.metadata.seq)).toEqual(events.map((_, i) => i + 1));
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "stage.change",
      "progress.update",
      "topics.discovered",
      "research.completed",
      "draft.delta",
      "draft.completed",
      "style.applied",
      "review.completed",
      "action.completed",
    ]) {
      expect(types, type).toContain(type);
    }
    // Streamed text is batched: far fewer delta events than tokens, each under Pusher's 10 KB.
    const deltas = events.filter((e) => e.type === "draft.delta");
    expect(deltas.every((e) => Buffer.byteLength(JSON.stringify(e)) < 10_000)).toBe(true);
    article = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    expect(article.stage).toBe("publish");

    // The publish webhook received the final article, signed.
    expect(received).toHaveLength(1);
    // Signed with the writer's own secret (generated on first use), never with NEXTAUTH_SECRET.
    const { signWebhook } = await import("@/lib/genflow/webhooks/send");
    const timestamp = String(received[0].headers["x-genflow-timestamp"]);
    const { webhookSecret } = await m.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { webhookSecret: true } });
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(received[0].headers["x-genflow-signature"]).toBe(signWebhook({ body: received[0].body, timestamp, secret: webhookSecret ?? "" }));
    expect(received[0].headers["x-genflow-signature"]).not.toBe(
      signWebhook({ body: received[0].body, timestamp, secret: process.env.NEXTAUTH_SECRET ?? "genflow-dev-secret-change-me" }),
    );
    expect(JSON.parse(received[0].body)).toMatchObject({
      event: "article.published",
      article: { id: articleId, version: article.version, content: article.content },
    });
    expect((await view(sessionId, user.id)).lastMessage).toMatchObject({ role: "system", content: expect.stringContaining("delivered") });
  });

  it("writes Chinese with its length counted in characters", async () => {
    const user = await createTestUser();
    const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {}, language: "zh" }, locale: "zh" });
    const run = await act(sessionId, user.id, "discover_topics", { category: "人工智能", count: 2 });
    expect(run.status).toBe("succeeded");
    const session = await view(sessionId, user.id);
    const topics = (session.stageData as { topic: { topics: { title: string }[] } }).topic.topics;
    expect(topics[0].title).toMatch(/\p{Script=Han}/u);
  });

  it("fails a run with a clear message when the model keeps failing, and the writer can retry", async () => {
    const user = await createTestUser();
    const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    fake.setFaults({ rate: 1, kinds: ["500"] });
    const failed = await act(sessionId, user.id, "discover_topics", { category: "space" });
    fake.setFaults({ rate: 0 });
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toMatch(/model/i);
    const session = await view(sessionId, user.id);
    expect(session.progress.status).toBe("error");
    expect(session.errorMessage).toBe(failed.errorMessage);
    const events = await m.events.listEvents({ sessionId, after: 0 });
    expect(events.at(-1)).toMatchObject({ type: "error", data: { actionId: failed.actionId, retryable: true } });
    const retried = await act(sessionId, user.id, "discover_topics", { category: "space" });
    expect(retried.status).toBe("succeeded");
  });

  it("ends every one of 50 runs at 30 % faults as succeeded or failed with a message", async () => {
    const user = await createTestUser();
    fake.setFaults({ rate: 0.3, kinds: ["429", "500", "malformed", "cut"], seed: 7 });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
        return act(sessionId, user.id, "discover_topics", { category: "robots", count: 2 });
      }),
    );
    fake.setFaults({ rate: 0 });
    for (const run of outcomes) {
      expect(["succeeded", "failed"]).toContain(run.status);
      if (run.status === "failed") expect(run.errorMessage).toBeTruthy();
    }
    expect(outcomes.filter((r) => r.status === "succeeded").length).toBeGreaterThan(25);
    expect(await m.db.session.count({ where: { userId: user.id, status: "processing" } })).toBe(0);
  });

  it("resumes a run whose process died, and fails one that already used its attempts", async () => {
    const user = await createTestUser();
    const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const past = new Date(Date.now() - 60_000);
    await m.db.session.update({ where: { id: sessionId }, data: { status: "processing" } });
    const orphan = await m.db.run.create({
      data: {
        sessionId,
        action: "discover_topics",
        stage: "topic",
        parameters: { category: "tea", count: 2 },
        status: "running",
        attempts: 1,
        leaseOwner: "dead-host:1",
        leaseExpiresAt: past,
        startedAt: past,
      },
    });
    const pending: Promise<unknown>[] = [];
    const row = await m.runs.getLiveSessionOrThrow({ id: sessionId, userId: user.id, schedule: (p) => pending.push(p) });
    expect(pending).toHaveLength(1);
    await Promise.all(pending);
    expect((await m.runs.getRunOrThrow({ sessionId, actionId: orphan.id, userId: user.id })).status).toBe("succeeded");
    expect(row.id).toBe(sessionId);

    await m.db.session.update({ where: { id: sessionId }, data: { status: "processing" } });
    const spent = await m.db.run.create({
      data: {
        sessionId,
        action: "discover_topics",
        stage: "topic",
        parameters: { category: "tea" },
        status: "running",
        attempts: 2,
        leaseOwner: "dead-host:1",
        leaseExpiresAt: past,
        startedAt: past,
      },
    });
    const result = await m.executor.recoverStaleRuns({ sessionId, schedule: () => {} });
    expect(result).toEqual({ resumed: 0, failed: 1 });
    const failedRun = await m.runs.getRunOrThrow({ sessionId, actionId: spent.id, userId: user.id });
    expect(failedRun).toMatchObject({ status: "failed", errorMessage: expect.stringContaining("retry") });
    expect((await view(sessionId, user.id)).progress.status).toBe("error");
  });
});
