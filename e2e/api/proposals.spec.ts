// Proposals: an AI run's text change waits for the writer as a proposal against the article as it is now.
// List, read, accept (all or some changes, at the version the writer saw) and reject, with every error: bad
// JSON, wrong types, someone else's ids, a stale version, an already resolved proposal; and `apply: "auto"`.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test, type Writer } from "../fixtures";
import { runAction } from "../pipeline";

const API = "/api/genflow";
const SENTENCE = "A sentence the writer typed after the draft.";

interface Change {
  id: string;
  kind: string;
  start: number;
  end: number;
  current: string;
  proposed: string;
  base: string;
}

async function ok(res: APIResponse, status = 200) {
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

async function errorOf(res: APIResponse, status: number, code: string) {
  expect(res.status(), await res.text()).toBe(status);
  const { error } = await res.json();
  expect(error).toMatchObject({ code, message: expect.any(String) });
  return error as { code: string; message: string; details?: unknown };
}

/** Sends exactly these bytes (a string `data` would be JSON-encoded by Playwright). */
const raw = (ctx: APIRequestContext, url: string, body: string, contentType = "application/json") =>
  ctx.fetch(url, { method: "POST", data: Buffer.from(body), headers: { "content-type": contentType } });

const proposalsUrl = (articleId: string) => `${API}/articles/${articleId}/proposals`;

/**
 * A drafted article (the first draft is written directly), a revision of its middle section (a pending
 * proposal against version 2), then a sentence the writer adds at the end (version 3): the proposal's changes
 * are computed against the writer's text and merge cleanly around the sentence.
 */
async function withProposal(w: Writer) {
  const { sessionId, articleId } = await ok(await w.bearer.post(`${API}/sessions`, { data: { initialStage: "research", title: "Heat pumps" } }), 201);
  const sections = [{ title: "Why it matters" }, { title: "How it works" }, { title: "What to do next" }];
  await runAction(w, sessionId, "update_outline", { sections });
  await runAction(w, sessionId, "approve", { stage: "research" });
  const draft = await runAction(w, sessionId, "write_draft", { targetLength: 300 });
  expect(draft.result).toMatchObject({ proposalId: null, version: 2 });
  const view = await ok(await w.bearer.get(`${API}/sessions/${sessionId}`));
  const sectionId = view.stageData.research.outline[1].id as string;
  const revise = await runAction(w, sessionId, "revise_draft", { instruction: "More concrete", sectionId });
  const { proposalId } = revise.result as { proposalId: string };
  expect(revise.result).toMatchObject({ proposalId: expect.any(String), version: null });
  // The run wrote nothing; the writer goes on typing after the version the AI started from.
  const drafted = await ok(await w.bearer.get(`${API}/articles/${articleId}`));
  expect(drafted.version).toBe(2);
  const content = `${drafted.content}\n\n${SENTENCE}`;
  const edited = await ok(await w.bearer.patch(`${API}/articles/${articleId}`, { data: { baseVersion: drafted.version, content } }));
  return { sessionId, articleId, proposalId, sectionId, edited: edited as { version: number; content: string } };
}

const eventsOf = async (w: Writer, sessionId: string) =>
  (await ok(await w.bearer.get(`${API}/sessions/${sessionId}/events?after=0&limit=1000`))).events as { type: string; data: Record<string, unknown> }[];

test.describe(`GET ${API}/articles/{id}/proposals`, () => {
  test("lists the pending proposal with its changes against the current text; ?status=all; bad query → 422; others → 404", async ({ writerA, writerB }) => {
    const { sessionId, articleId, proposalId, sectionId, edited } = await withProposal(writerA);
    const { proposals } = await ok(await writerA.cookie.get(proposalsUrl(articleId)));
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    expect(proposal).toMatchObject({
      id: proposalId,
      articleId,
      sessionId,
      status: "pending",
      source: "stage",
      stage: "writing",
      action: "revise_draft",
      model: "fake-writer-1",
      note: `revised section ${sectionId}`,
      baseVersion: edited.version - 1,
      currentVersion: edited.version,
      acceptedChanges: null,
      resolvedVersion: null,
    });
    expect(proposal.changes.length).toBeGreaterThan(0);
    for (const change of proposal.changes as Change[]) {
      expect(change.kind).not.toBe("conflict");
      expect(edited.content.slice(change.start, change.end)).toBe(change.current);
      expect(change.current).not.toContain(SENTENCE);
    }
    expect((await ok(await writerA.bearer.get(`${proposalsUrl(articleId)}?status=all`))).proposals).toHaveLength(1);
    const bad = await errorOf(await writerA.bearer.get(`${proposalsUrl(articleId)}?status=open`), 422, "validation_failed");
    expect(bad.details).toEqual([{ field: "status", message: expect.any(String) }]);
    await errorOf(await writerB.bearer.get(proposalsUrl(articleId)), 404, "not_found");
    await errorOf(await writerA.bearer.get(proposalsUrl("no-such-article")), 404, "not_found");
    // The writer's save and the proposal were announced on the session channel.
    const events = await eventsOf(writerA, sessionId);
    expect(events.filter((e) => e.type === "article.updated").map((e) => e.data.source)).toEqual(["stage", "writer"]);
    expect(events.find((e) => e.type === "proposal.ready")?.data).toMatchObject({
      proposalId,
      articleId,
      baseVersion: edited.version - 1,
      changes: expect.any(Number),
      conflicts: 0,
      action: "revise_draft",
      stage: "writing",
    });
    expect(events.find((e) => e.type === "action.completed" && e.data.proposalId === proposalId)).toBeTruthy();
  });
});

test.describe(`GET ${API}/articles/{id}/proposals/{proposalId}`, () => {
  test("returns one proposal; someone else's, another article's or an unknown id → 404", async ({ writerA, writerB }) => {
    const { articleId, proposalId, edited } = await withProposal(writerA);
    const proposal = await ok(await writerA.bearer.get(`${proposalsUrl(articleId)}/${proposalId}`));
    expect(proposal).toMatchObject({ id: proposalId, status: "pending", currentVersion: edited.version });
    expect(proposal.content).not.toContain(SENTENCE);
    await errorOf(await writerB.bearer.get(`${proposalsUrl(articleId)}/${proposalId}`), 404, "not_found");
    await errorOf(await writerA.bearer.get(`${proposalsUrl(articleId)}/no-such-proposal`), 404, "not_found");
    const { articleId: otherArticle } = await ok(await writerA.bearer.post(`${API}/sessions`, { data: {} }), 201);
    await errorOf(await writerA.bearer.get(`${proposalsUrl(otherArticle)}/${proposalId}`), 404, "not_found");
  });
});

test.describe(`POST ${API}/articles/{id}/proposals/{proposalId}/accept`, () => {
  test("takes the chosen changes as one revision keeping the writer's sentence; stale, bad or repeated calls are refused", async ({ writerA, writerB }) => {
    const { sessionId, articleId, proposalId, edited } = await withProposal(writerA);
    const url = `${proposalsUrl(articleId)}/${proposalId}/accept`;
    for (const body of ['{"version":', "not json"]) await errorOf(await raw(writerA.bearer, url, body), 400, "invalid_json");
    await errorOf(await raw(writerA.bearer, url, `{"version":${edited.version}}`, "text/plain"), 415, "unsupported_media_type");
    const wrongType = await errorOf(await writerA.bearer.post(url, { data: { version: String(edited.version) } }), 422, "validation_failed");
    expect(wrongType.details).toEqual([{ field: "version", message: expect.any(String) }]);
    // A version past the database's integer range is a 422 naming it, not a failed query.
    const huge = await errorOf(await writerA.bearer.post(url, { data: { version: 1e12 } }), 422, "validation_failed");
    expect(huge.details).toEqual([{ field: "version", message: expect.any(String) }]);
    const noChanges = await errorOf(await writerA.bearer.post(url, { data: { version: edited.version, changeIds: [] } }), 422, "validation_failed");
    expect(noChanges.details).toEqual([{ field: "changeIds", message: expect.any(String) }]);
    const unknown = await errorOf(await writerA.bearer.post(url, { data: { version: edited.version, changeIds: ["c999"] } }), 422, "validation_failed");
    expect(unknown.message).toContain("c999");
    const stale = await errorOf(await writerA.bearer.post(url, { data: { version: edited.version - 1 } }), 409, "stale_version");
    expect(stale.details).toMatchObject({ currentVersion: edited.version, current: { id: articleId, version: edited.version, content: edited.content } });
    await errorOf(await writerB.bearer.post(url, { data: { version: edited.version } }), 404, "not_found");
    expect(await ok(await writerA.bearer.get(`${API}/articles/${articleId}`))).toMatchObject({ version: edited.version, content: edited.content });

    const { changes } = await ok(await writerA.bearer.get(`${proposalsUrl(articleId)}/${proposalId}`));
    const taken = changes[0] as Change;
    const { proposal, article } = await ok(await writerA.cookie.post(url, { data: { version: edited.version, changeIds: [taken.id] } }));
    expect(proposal).toMatchObject({ id: proposalId, status: "accepted", acceptedChanges: [taken.id], resolvedVersion: edited.version + 1, changes: [] });
    expect(article.version).toBe(edited.version + 1);
    expect(article.content).toBe(edited.content.slice(0, taken.start) + taken.proposed + edited.content.slice(taken.end));
    expect(article.content).toContain(SENTENCE);
    const { revisions } = await ok(await writerA.bearer.get(`${API}/articles/${articleId}/revisions`));
    expect(revisions[0]).toMatchObject({ version: article.version, source: "stage", stage: "writing", model: "fake-writer-1" });
    expect(revisions[0].note).toMatch(new RegExp(`^accepted ${taken.id} of revised section`));
    const events = await eventsOf(writerA, sessionId);
    expect(events.filter((e) => e.type === "article.updated").at(-1)?.data).toMatchObject({ articleId, version: article.version, source: "proposal" });
    expect(events.at(-1)).toMatchObject({
      type: "proposal.resolved",
      data: { proposalId, status: "accepted", version: article.version, acceptedChanges: [taken.id] },
    });

    await errorOf(await writerA.bearer.post(url, { data: { version: article.version } }), 409, "conflict");
    expect((await ok(await writerA.bearer.get(proposalsUrl(articleId)))).proposals).toEqual([]);
  });
});

test.describe(`POST ${API}/articles/{id}/proposals/{proposalId}/reject`, () => {
  test("records the rejection and leaves the article as it was; repeated or someone else's → 409 / 404", async ({ writerA, writerB }) => {
    const { sessionId, articleId, proposalId, edited } = await withProposal(writerA);
    const url = `${proposalsUrl(articleId)}/${proposalId}/reject`;
    await errorOf(await raw(writerA.bearer, url, "{"), 400, "invalid_json");
    await errorOf(await writerA.bearer.post(url, { data: [] }), 422, "validation_failed");
    await errorOf(await writerB.bearer.post(url, { data: {} }), 404, "not_found");
    const { proposal } = await ok(await writerA.bearer.post(url, { data: {} }));
    expect(proposal).toMatchObject({ id: proposalId, status: "rejected", resolvedAt: expect.any(String), resolvedVersion: null, changes: [] });
    expect(await ok(await writerA.bearer.get(`${API}/articles/${articleId}`))).toMatchObject({ version: edited.version, content: edited.content });
    expect((await eventsOf(writerA, sessionId)).at(-1)).toMatchObject({ type: "proposal.resolved", data: { proposalId, status: "rejected", version: null } });
    await errorOf(await writerA.bearer.post(url, { data: {} }), 409, "conflict");
    await errorOf(await writerA.bearer.post(`${proposalsUrl(articleId)}/${proposalId}/accept`, { data: { version: edited.version } }), 409, "conflict");
    const { proposals } = await ok(await writerA.bearer.get(`${proposalsUrl(articleId)}?status=all`));
    expect(proposals.map((p: { status: string }) => p.status)).toEqual(["rejected"]);
  });
});

test.describe(`POST ${API}/sessions/{id}/actions with apply`, () => {
  test('apply: "auto" merges the revision at once around the writer\'s sentence; an unknown mode → 422', async ({ writerA }) => {
    const { sessionId, articleId, proposalId, sectionId, edited } = await withProposal(writerA);
    const url = `${API}/sessions/${sessionId}/actions`;
    const bad = await errorOf(
      await writerA.bearer.post(url, { data: { action: "revise_draft", parameters: { instruction: "x" }, apply: "sometimes" } }),
      422,
      "validation_failed",
    );
    expect(bad.details).toEqual([{ field: "apply", message: expect.any(String) }]);
    const started = await ok(
      await writerA.bearer.post(url, { data: { action: "revise_draft", parameters: { instruction: "Shorter", sectionId }, apply: "auto" } }),
      202,
    );
    let run: { status: string; result: { proposalId: string; version: number } } | undefined;
    for (let i = 0; i < 300 && (!run || run.status === "queued" || run.status === "running"); i++) {
      if (run) await new Promise((r) => setTimeout(r, 100));
      run = await ok(await writerA.bearer.get(`${url}/${started.actionId}`));
    }
    expect(run?.status).toBe("succeeded");
    const article = await ok(await writerA.bearer.get(`${API}/articles/${articleId}`));
    expect(run?.result).toMatchObject({ proposalId: expect.any(String), version: article.version });
    expect(article.version).toBe(edited.version + 1);
    expect(article.content).toContain(SENTENCE);
    const merged = await ok(await writerA.bearer.get(`${proposalsUrl(articleId)}/${run?.result.proposalId}`));
    expect(merged).toMatchObject({ status: "accepted", resolvedVersion: article.version });
    // The earlier proposal stays pending, recomputed against the merged text.
    expect((await ok(await writerA.bearer.get(proposalsUrl(articleId)))).proposals.map((p: { id: string }) => p.id)).toEqual([proposalId]);
  });
});
