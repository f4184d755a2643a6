// The writer owns the text: a run's new text is a proposal merged with what the writer typed meanwhile, on
// PostgreSQL against the fake model. The writer saves while revise_draft runs; the run's proposal keeps the
// writer's words (merged, or a conflict showing both sides); accepting some changes makes one revision;
// rejecting leaves the article alone; apply: "auto" merges at once and never overwrites the writer.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { type RunModules, runAction, startRunKit } from "@/scripts/test/run-kit";

let fake: FakeOpenAI;
let m: RunModules;
let hook: Server;
const hooked: { event: string; proposal?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  // A first token after 400 ms: time for the writer to save while the run is under way.
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 400, tokensPerSecond: 4000 } }, { FETCH_ALLOW_PRIVATE_HOSTS: "true" }));
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooked.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
});

afterAll(async () => {
  await fake?.stop();
  hook?.close();
});

const SECTIONS = [
  { title: "Why it matters", points: ["the problem"] },
  { title: "How it works", points: ["the mechanism"] },
  { title: "What to do next", points: ["practical steps"] },
];
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A writer, a session at writing with a three-section outline, and its first draft (written directly). */
async function drafted(prefix: string, language: "en" | "zh" = "en") {
  const user = await m.factories.createTestUser(prefix);
  const session = await m.sessions.createSession({
    userId: user.id,
    input: { context: {}, initialStage: "research", title: "Heat pumps", language },
    locale: language,
  });
  const { sessionId, articleId } = session;
  expect((await runAction(m, sessionId, user.id, "update_outline", { sections: SECTIONS })).status).toBe("succeeded");
  await runAction(m, sessionId, user.id, "approve");
  const draft = await runAction(m, sessionId, user.id, "write_draft", { targetLength: 300 });
  // A first draft into an empty article overwrites nothing: it is written at once, no proposal.
  expect(draft.result).toMatchObject({ proposalId: null, version: 2 });
  const article = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
  expect(article.content).toContain("## How it works");
  const view = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
  const outline = (view.stageData.research?.outline ?? []) as { id: string; title: string }[];
  return { user, userId: user.id, sessionId, articleId, article, outline };
}

/** Starts an action and, once its run has read the article (its baseVersion is set), lets the writer save. */
async function whileRunning(
  ctx: { sessionId: string; userId: string },
  request: { action: string; parameters: Record<string, unknown>; apply?: "review" | "auto" },
  writerEdit: () => Promise<unknown>,
) {
  const pending: Promise<unknown>[] = [];
  const { run } = await m.runs.startAction({ ...ctx, request, schedule: (p) => pending.push(p) });
  for (let i = 0; i < 200; i++) {
    const row = await m.db.run.findUniqueOrThrow({ where: { id: run.actionId }, select: { baseVersion: true, status: true } });
    if (row.baseVersion !== null) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const state = await m.db.run.findUniqueOrThrow({ where: { id: run.actionId }, select: { status: true, baseVersion: true } });
  expect(state, "the writer saves while the run is under way").toMatchObject({ status: "running", baseVersion: expect.any(Number) });
  await writerEdit();
  await Promise.all(pending);
  return m.runs.getRunOrThrow({ ...ctx, actionId: run.actionId });
}

const SENTENCE = "The writer added this sentence while the AI was revising.";
/** The sentence without its full stop: a change's edges leave out what all sides share (the "."). */
const WORDS = SENTENCE.slice(0, -1);

async function events(sessionId: string) {
  return m.events.listEvents({ sessionId, after: 0, limit: 1000 });
}

describe("a run's text change is a proposal", () => {
  it("keeps the sentence the writer saved while revise_draft ran; accepting all merges the revision around it", async () => {
    const { userId, sessionId, articleId, article, outline } = await drafted("merge");
    const { createWebhookEndpoint } = await import("@/lib/genflow/webhooks/endpoints");
    await createWebhookEndpoint({ userId, url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, events: ["proposal.ready"] });
    const withSentence = `${article.content}\n\n${SENTENCE}`;
    const run = await whileRunning(
      { sessionId, userId },
      { action: "revise_draft", parameters: { instruction: "Make it concrete", sectionId: outline[1].id } },
      () => m.articles.updateArticle({ id: articleId, userId, baseVersion: article.version, change: { content: withSentence } }),
    );
    expect(run.status).toBe("succeeded");
    const { proposalId } = run.result as { proposalId: string; version: null };
    expect(run.result).toMatchObject({ proposalId: expect.any(String), version: null });
    expect((await m.db.run.findUniqueOrThrow({ where: { id: run.actionId } })).baseVersion).toBe(article.version);

    // The run wrote nothing: the article is the writer's.
    const now = await m.articles.getArticleOrThrow({ id: articleId, userId });
    expect(now).toMatchObject({ version: article.version + 1, content: withSentence });
    const [pending] = await m.proposals.listProposals({ articleId, userId, status: "pending" });
    expect(pending).toMatchObject({ id: proposalId, status: "pending", source: "stage", stage: "writing", action: "revise_draft", model: "fake-model" });
    expect(pending).toMatchObject({ baseVersion: article.version, currentVersion: now.version, note: `revised section ${outline[1].id}` });
    expect(pending.changes.length).toBeGreaterThan(0);
    expect(pending.changes.every((c) => c.kind !== "conflict")).toBe(true);

    const log = await events(sessionId);
    const ready = log.find((e) => e.type === "proposal.ready");
    expect(ready?.data).toMatchObject({
      proposalId,
      articleId,
      baseVersion: article.version,
      changes: pending.changes.length,
      conflicts: 0,
      action: "revise_draft",
    });
    expect(log.find((e) => e.type === "action.completed" && e.data.actionId === run.actionId)?.data).toMatchObject({ proposalId, version: null });
    expect(log.filter((e) => e.type === "article.updated").map((e) => e.data.source)).toEqual(["stage", "writer"]);

    const { proposal, article: merged } = await m.proposals.acceptProposal({ articleId, proposalId, userId, version: now.version });
    expect(merged.content).toContain(SENTENCE);
    expect(merged.content).toContain("## How it works");
    expect(merged.content).not.toBe(withSentence);
    expect(merged.version).toBe(now.version + 1);
    expect(proposal).toMatchObject({ status: "accepted", resolvedVersion: merged.version, changes: [], acceptedChanges: pending.changes.map((c) => c.id) });
    const [revision] = await m.articles.listRevisions({ articleId, userId });
    expect(revision).toMatchObject({ version: merged.version, source: "stage", stage: "writing", model: "fake-model" });
    expect(revision.note).toMatch(/^accepted c1.* of revised section/);
    const after = await events(sessionId);
    expect(after.filter((e) => e.type === "article.updated").at(-1)?.data).toMatchObject({ articleId, version: merged.version, source: "proposal" });
    expect(after.at(-1)).toMatchObject({ type: "proposal.resolved", data: { proposalId, status: "accepted", version: merged.version } });

    // proposal.ready reached the writer's webhook endpoint.
    for (let i = 0; i < 100 && !hooked.some((h) => h.event === "proposal.ready"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(hooked.find((h) => h.event === "proposal.ready")?.proposal).toMatchObject({ proposalId, articleId });
  });

  it("shows an edit overlapping the revision as a conflict with both sides; the writer's text stays until taken", async () => {
    const { userId, sessionId, articleId, article, outline } = await drafted("conflict");
    // The writer rewrites the first sentence of the section the AI is revising.
    const heading = "## How it works\n\n";
    const at = article.content.indexOf(heading) + heading.length;
    const sentenceEnd = article.content.indexOf(". ", at) + 1;
    const edited = `${article.content.slice(0, at)}${SENTENCE}${article.content.slice(sentenceEnd)}`;
    const run = await whileRunning({ sessionId, userId }, { action: "revise_draft", parameters: { instruction: "Rewrite it", sectionId: outline[1].id } }, () =>
      m.articles.updateArticle({ id: articleId, userId, baseVersion: article.version, change: { content: edited } }),
    );
    const { proposalId } = run.result as { proposalId: string };
    const proposal = await m.proposals.getProposal({ articleId, proposalId, userId });
    const conflict = proposal.changes.find((c) => c.kind === "conflict" && c.current.includes(WORDS));
    expect(conflict, JSON.stringify(proposal.changes)).toBeDefined();
    expect(conflict?.proposed).not.toContain(WORDS);
    expect(edited.slice(conflict?.start, conflict?.end)).toBe(conflict?.current);
    expect((await m.articles.getArticleOrThrow({ id: articleId, userId })).content).toBe(edited);
    // Accepting the clean changes only keeps the writer's sentence.
    const clean = proposal.changes.filter((c) => c.kind !== "conflict").map((c) => c.id);
    if (clean.length > 0) {
      const { article: merged } = await m.proposals.acceptProposal({ articleId, proposalId, userId, version: proposal.currentVersion, changeIds: clean });
      expect(merged.content).toContain(SENTENCE);
    }
  });

  it("accepts 2 of 3 changes as one revision; a second decision on it → 409 conflict", async () => {
    const { userId, sessionId, articleId } = await drafted("partial");
    const base = "First point is weak.\n\nSecond point is weak.\n\nThird point is weak.";
    const current = await m.articles.updateArticle({ id: articleId, userId, baseVersion: 2, change: { content: base } });
    // As the variants helper does: a proposal made in a transaction on the article's channel.
    const made = await m.events.transactWithEvents(sessionId, (tx, emit) =>
      m.proposals.createProposal({
        tx,
        emit,
        articleId,
        sessionId,
        source: "stage",
        stage: "writing",
        action: "revise_draft",
        model: "fake-model",
        note: "sharper",
        base: current,
        content: "First point is strong.\n\nSecond point is solid.\n\nThird point is sharp.",
      }),
    );
    expect(made.changes.map((c) => [c.id, c.kind, c.current, c.proposed])).toEqual([
      ["c1", "replace", "weak", "strong"],
      ["c2", "replace", "weak", "solid"],
      ["c3", "replace", "weak", "sharp"],
    ]);
    const revisionsBefore = await m.articles.listRevisions({ articleId, userId });

    // Not at the version the writer saw, or a change it does not have: refused, nothing written.
    await expect(m.proposals.acceptProposal({ articleId, proposalId: made.id, userId, version: 2 })).rejects.toMatchObject({
      code: "stale_version",
      details: { currentVersion: current.version, current: { content: base } },
    });
    await expect(m.proposals.acceptProposal({ articleId, proposalId: made.id, userId, version: current.version, changeIds: ["c9"] })).rejects.toMatchObject({
      code: "validation_failed",
    });
    expect((await m.proposals.getProposal({ articleId, proposalId: made.id, userId })).status).toBe("pending");

    const { article, proposal } = await m.proposals.acceptProposal({
      articleId,
      proposalId: made.id,
      userId,
      version: current.version,
      changeIds: ["c3", "c1"],
    });
    expect(article).toMatchObject({ version: current.version + 1, content: "First point is strong.\n\nSecond point is weak.\n\nThird point is sharp." });
    expect(proposal).toMatchObject({ status: "accepted", acceptedChanges: ["c1", "c3"], resolvedVersion: article.version });
    const revisions = await m.articles.listRevisions({ articleId, userId });
    expect(revisions).toHaveLength(revisionsBefore.length + 1);
    expect(revisions[0]).toMatchObject({ source: "stage", stage: "writing", model: "fake-model", note: "accepted c1, c3 of sharper" });

    await expect(m.proposals.acceptProposal({ articleId, proposalId: made.id, userId, version: article.version })).rejects.toMatchObject({ code: "conflict" });
    await expect(m.proposals.rejectProposal({ articleId, proposalId: made.id, userId })).rejects.toMatchObject({ code: "conflict" });
    // Someone else's article or proposal is not found.
    const stranger = await m.factories.createTestUser("stranger");
    await expect(m.proposals.getProposal({ articleId, proposalId: made.id, userId: stranger.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("rejecting leaves the article unchanged and records the decision", async () => {
    const { userId, sessionId, articleId, outline } = await drafted("reject");
    const run = await runAction(m, sessionId, userId, "revise_draft", { instruction: "Shorter", sectionId: outline[0].id });
    const { proposalId } = run.result as { proposalId: string };
    const before = await m.articles.getArticleOrThrow({ id: articleId, userId });
    const { proposal } = await m.proposals.rejectProposal({ articleId, proposalId, userId });
    expect(proposal).toMatchObject({ status: "rejected", resolvedAt: expect.any(String), changes: [] });
    expect(await m.articles.getArticleOrThrow({ id: articleId, userId })).toEqual(before);
    expect(await m.proposals.listProposals({ articleId, userId, status: "pending" })).toEqual([]);
    expect((await m.proposals.listProposals({ articleId, userId, status: "all" })).map((p) => p.status)).toEqual(["rejected"]);
    expect((await events(sessionId)).at(-1)).toMatchObject({ type: "proposal.resolved", data: { proposalId, status: "rejected", version: null } });
  });
});

describe("Chinese", () => {
  it("merges a revision of Chinese text around the writer's sentence, keeping every character and emoji whole", async () => {
    const { userId, sessionId, articleId, article, outline } = await drafted("zh", "zh");
    expect(article.content).toMatch(/\p{Script=Han}/u);
    const sentence = "作者在修改期间补充了这一句👍🏽。";
    const withSentence = `${article.content}\n\n${sentence}`;
    const run = await whileRunning({ sessionId, userId }, { action: "revise_draft", parameters: { instruction: "更具体", sectionId: outline[1].id } }, () =>
      m.articles.updateArticle({ id: articleId, userId, baseVersion: article.version, change: { content: withSentence } }),
    );
    const { proposalId } = run.result as { proposalId: string };
    const proposal = await m.proposals.getProposal({ articleId, proposalId, userId });
    expect(proposal.changes.length).toBeGreaterThan(0);
    for (const c of proposal.changes) {
      expect(c.kind).not.toBe("conflict");
      for (const text of [c.current, c.proposed, c.base]) expect(LONE_SURROGATE.test(text)).toBe(false);
      expect(withSentence.slice(c.start, c.end)).toBe(c.current);
    }
    const { article: merged } = await m.proposals.acceptProposal({ articleId, proposalId, userId, version: proposal.currentVersion });
    expect(merged.content.endsWith(sentence)).toBe(true);
    expect(merged.content).not.toBe(withSentence);
  });
});

describe('apply: "auto"', () => {
  it("merges the revision at once around a writer's edit elsewhere: one revision, proposal accepted", async () => {
    const { userId, sessionId, articleId, article, outline } = await drafted("auto");
    const withSentence = `${article.content}\n\n${SENTENCE}`;
    const run = await whileRunning(
      { sessionId, userId },
      { action: "revise_draft", parameters: { instruction: "Tighter", sectionId: outline[1].id }, apply: "auto" },
      () => m.articles.updateArticle({ id: articleId, userId, baseVersion: article.version, change: { content: withSentence } }),
    );
    const result = run.result as { proposalId: string; version: number };
    const merged = await m.articles.getArticleOrThrow({ id: articleId, userId });
    expect(result).toEqual(expect.objectContaining({ proposalId: expect.any(String), version: merged.version }));
    expect(merged.version).toBe(article.version + 2);
    expect(merged.content).toContain(SENTENCE);
    expect(merged.content).not.toBe(withSentence);
    const proposal = await m.proposals.getProposal({ articleId, proposalId: result.proposalId, userId });
    expect(proposal).toMatchObject({ status: "accepted", resolvedVersion: merged.version });
    const [revision] = await m.articles.listRevisions({ articleId, userId });
    expect(revision).toMatchObject({ source: "stage", stage: "writing", note: expect.stringMatching(/^merged c1/) });
  });

  it("never overwrites a writer's edit made after the base: the conflict stays a pending proposal", async () => {
    const { userId, sessionId, articleId, article, outline } = await drafted("autoconflict");
    const heading = "## How it works\n\n";
    const at = article.content.indexOf(heading) + heading.length;
    const edited = `${article.content.slice(0, at)}${SENTENCE}${article.content.slice(article.content.indexOf(". ", at) + 1)}`;
    const run = await whileRunning(
      { sessionId, userId },
      { action: "revise_draft", parameters: { instruction: "Rewrite", sectionId: outline[1].id }, apply: "auto" },
      () => m.articles.updateArticle({ id: articleId, userId, baseVersion: article.version, change: { content: edited } }),
    );
    const { proposalId } = run.result as { proposalId: string };
    const now = await m.articles.getArticleOrThrow({ id: articleId, userId });
    expect(now.content).toContain(SENTENCE);
    const proposal = await m.proposals.getProposal({ articleId, proposalId, userId });
    expect(proposal.status).toBe("pending");
    // What merged cleanly is in; what is left to decide is the conflict with the writer's sentence.
    expect(proposal.changes.length).toBeGreaterThan(0);
    expect(proposal.changes.every((c) => c.kind === "conflict")).toBe(true);
    expect(proposal.changes.some((c) => c.current.includes(WORDS))).toBe(true);
    expect((await events(sessionId)).some((e) => e.type === "proposal.ready" && e.data.proposalId === proposalId)).toBe(true);
  });
});
