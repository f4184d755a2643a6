// Platform variants and targeted review fixes, through the run engine and the real @ai-sdk/openai provider
// against the fake OpenAI-compatible server, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@/scripts/fake-openai/server";

type Modules = {
  runs: typeof import("@/lib/genflow/runs");
  sessions: typeof import("@/lib/genflow/sessions");
  events: typeof import("@/lib/genflow/events");
  articles: typeof import("@/lib/genflow/articles");
  variants: typeof import("@/lib/genflow/variants");
  proposals: typeof import("@/lib/genflow/proposals");
  db: typeof import("@/lib/db")["db"];
};

let createTestUser: typeof import("@/scripts/test/factories")["createTestUser"];
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let m: Modules;

beforeAll(async () => {
  fake = await startFakeOpenAI({ latency: { ttftMs: 5, tokensPerSecond: 0 } });
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: "test", GENFLOW_MODEL: "fake-model" });
  m = {
    runs: await import("@/lib/genflow/runs"),
    sessions: await import("@/lib/genflow/sessions"),
    events: await import("@/lib/genflow/events"),
    articles: await import("@/lib/genflow/articles"),
    variants: await import("@/lib/genflow/variants"),
    proposals: await import("@/lib/genflow/proposals"),
    db: (await import("@/lib/db")).db,
  };
  ({ createTestUser } = await import("@/scripts/test/factories"));
});

afterAll(async () => {
  await fake?.stop();
});

async function act(sessionId: string, userId: string, action: string, parameters: Record<string, unknown> = {}) {
  const pending: Promise<unknown>[] = [];
  const { run } = await m.runs.startAction({ sessionId, userId, request: { action, parameters }, schedule: (p) => pending.push(p) });
  await Promise.all(pending);
  return m.runs.getRunOrThrow({ sessionId, actionId: run.actionId, userId });
}

const DRAFT = [
  "## Why roofs",
  "Rooftop farms turn idle concrete into growing space [1]. They keep buildings cooler in summer.",
  "",
  "## What grows",
  "Leafy greens, herbs and tomatoes do well in shallow beds with drip irrigation.",
].join("\n");

async function startAt(stage: "styling" | "review", content = DRAFT) {
  const user = await createTestUser();
  const { sessionId, articleId } = await m.sessions.createSession({
    userId: user.id,
    input: { context: {}, initialStage: stage, title: "Rooftop farms", language: "en" },
    locale: "en",
  });
  await m.articles.updateArticle({ id: articleId, userId: user.id, baseVersion: 1, change: { content } });
  return { user, sessionId, articleId };
}

describe("apply_style makes a platform variant", () => {
  it("stores a variant beside the article and leaves the article as it was", async () => {
    const { user, sessionId, articleId } = await startAt("styling");
    const before = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    const run = await act(sessionId, user.id, "apply_style", { preset: "conversational", platform: "linkedin" });
    expect(run.status).toBe("succeeded");
    const result = run.result as { variantId: string; platform: string; preset: string; checks: { id: string }[] };
    expect(result).toMatchObject({ platform: "linkedin", preset: "conversational", variantId: expect.any(String) });
    expect(result).not.toHaveProperty("article");

    const after = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    expect(after).toMatchObject({ version: before.version, content: DRAFT });
    expect(await m.articles.listRevisions({ articleId, userId: user.id })).toHaveLength(2);

    const variants = await m.variants.listVariants({ articleId, userId: user.id });
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatchObject({
      id: result.variantId,
      platform: "linkedin",
      preset: "conversational",
      version: 1,
      sourceVersion: before.version,
      model: "fake-model",
      title: "Rooftop farms",
    });
    expect(variants[0].content).not.toBe(DRAFT);
    expect(variants[0].checks.map((c) => c.id)).toEqual(["max-length", "no-headings"]);

    const session = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    expect(session.stageData.styling).toMatchObject({ variantId: result.variantId, platform: "linkedin" });
    const events = await m.events.listEvents({ sessionId, after: 0, limit: 100 });
    expect(events.find((e) => e.type === "style.applied")?.data).toMatchObject({ variantId: result.variantId, platform: "linkedin" });
  });

  it("applying a variant after the writer edited the article keeps the writer's later edits (not proposed as deletions)", async () => {
    const { user, sessionId, articleId } = await startAt("styling");
    const styled = await act(sessionId, user.id, "apply_style", { preset: "formal", platform: "blog" });
    const { variantId } = styled.result as { variantId: string };
    const variant = await m.variants.getVariantOrThrow({ articleId, variantId, userId: user.id });
    // The writer goes on writing after the variant was made: a new closing paragraph.
    const later = "Written by the writer after the variant was made.";
    const source = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    expect(variant.sourceVersion).toBe(source.version);
    const edited = await m.articles.updateArticle({
      id: articleId,
      userId: user.id,
      baseVersion: source.version,
      change: { content: `${source.content}\n\n${later}` },
    });

    const proposal = await m.variants.proposeVariant({ articleId, variantId, userId: user.id });
    expect(proposal).toMatchObject({ source: "variant", baseVersion: variant.sourceVersion, currentVersion: edited.version });
    expect(proposal.changes.length).toBeGreaterThan(0);
    // The variant never saw that paragraph: no change touches it.
    for (const change of proposal.changes) expect(change.current).not.toContain("after the variant was made");
    const { article } = await m.proposals.acceptProposal({ articleId, proposalId: proposal.id, userId: user.id, version: edited.version });
    expect(article.content).toContain(later);
    expect(article.content).toContain(variant.content.split("\n").find((line) => line.trim() !== "") ?? variant.content);
    const [revision] = await m.articles.listRevisions({ articleId, userId: user.id });
    expect(revision).toMatchObject({ source: "variant", note: expect.stringMatching(/^accepted c1.* of variant blog v1$/) });
  });

  it("a review of the variant measures it against its platform's limit, and fixes then refuse to run on the article", async () => {
    const { user, sessionId, articleId } = await startAt("styling");
    const styled = await act(sessionId, user.id, "apply_style", { preset: "conversational", platform: "linkedin" });
    const { variantId } = styled.result as { variantId: string };
    await act(sessionId, user.id, "approve");
    const review = await act(sessionId, user.id, "review_article", { variantId });
    expect(review.status).toBe("succeeded");
    expect(review.result).toMatchObject({ variantId });
    const session = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    const data = session.stageData.review;
    expect(data).toMatchObject({ variantId, variantVersion: 1 });
    const length = data?.checks?.find((c) => c.id === "length");
    expect(length?.message).toMatch(/^\d+ of at most 600 words$/);
    expect(length?.details).toMatchObject({ max: 600 });
    // LinkedIn has no ## headings: the outline check does not ask for them.
    expect(data?.checks?.find((c) => c.id === "outline")?.passed).toBe(true);

    const issue = data?.issues?.[0];
    expect(issue).toBeDefined();
    if (issue) {
      await expect(act(sessionId, user.id, "apply_fixes", { issueIds: [issue.id] })).rejects.toMatchObject({ code: "wrong_stage" });
    }
    await expect(act(sessionId, user.id, "review_article", { variantId: "var_nope" })).rejects.toMatchObject({ code: "validation_failed" });
    expect((await m.articles.getArticleOrThrow({ id: articleId, userId: user.id })).content).toBe(DRAFT);
  });
});

describe("apply_fixes is targeted", () => {
  it("rewrites only the chosen issue's passage; a fix whose excerpt is gone is refused before it runs", async () => {
    const { user, sessionId, articleId } = await startAt("review");
    const reviewed = await act(sessionId, user.id, "review_article");
    expect(reviewed.status).toBe("succeeded");
    let session = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    const issues = session.stageData.review?.issues ?? [];
    const issue = issues.find((i) => i.excerpt.trim().length > 3);
    expect(issue).toBeDefined();
    if (!issue) return;
    // The fake model's excerpts are invented: put the flagged passage into the writer's text, mid-paragraph.
    const text = `${DRAFT}\n\nA closing thought: ${issue.excerpt} And a last line.`;
    const current = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    await m.articles.updateArticle({ id: articleId, userId: user.id, baseVersion: current.version, change: { content: text } });

    const gone = issues.find((i) => i.id !== issue.id && i.excerpt.trim() && !text.includes(i.excerpt));
    expect(gone, "another issue whose excerpt is not in the text").toBeDefined();
    if (gone) {
      await expect(act(sessionId, user.id, "apply_fixes", { issueIds: [gone.id] })).rejects.toMatchObject({
        code: "validation_failed",
        details: [{ field: "parameters.issueIds", message: `${gone.id}: excerpt not found in the current text` }],
      });
    }

    const fixes = await act(sessionId, user.id, "apply_fixes", { issueIds: [issue.id] });
    expect(fixes.status).toBe("succeeded");
    const { replacements } = fixes.result as { replacements: { issueId: string; start: number; end: number; text: string }[] };
    const start = text.indexOf(issue.excerpt);
    expect(replacements).toEqual([{ issueId: issue.id, start, end: start + issue.excerpt.length, text: expect.any(String) }]);
    // The fix is a proposal (the article keeps the writer's text) whose text differs only in that passage.
    expect((await m.articles.getArticleOrThrow({ id: articleId, userId: user.id })).content).toBe(text);
    const proposal = await m.db.proposal.findFirstOrThrow({ where: { runId: fixes.actionId }, select: { content: true, source: true, stage: true } });
    expect(proposal).toMatchObject({ source: "stage", stage: "review" });
    const produced = proposal.content;
    const replaced = replacements[0].text;
    expect(produced).toBe(`${text.slice(0, start)}${replaced}${text.slice(start + issue.excerpt.length)}`);
    expect(produced.startsWith(`${DRAFT}\n\nA closing thought: `)).toBe(true);
    expect(produced.endsWith(" And a last line.")).toBe(true);
    expect(replaced.trim()).not.toBe("");

    session = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    expect(session.stageData.review?.issues?.find((i) => i.id === issue.id)?.applied).toBe(true);
  });
});

describe("exports end with the references they cite", () => {
  it("the article's and a variant's Markdown list their cited sources; a stale variant edit is refused", async () => {
    const { user, sessionId, articleId } = await startAt("styling");
    const sources = [
      { id: "s1", number: 1, title: "Cooling study", url: "https://example.org/cool", origin: "writer-url", verified: true },
      { id: "s2", number: 2, title: "Uncited", origin: "writer-text", verified: true },
    ];
    // Research's output, as a run stores it: on the session and its article.
    await m.db.article.update({ where: { id: articleId }, data: { stageData: { research: { sources } } } });
    await m.db.session.update({ where: { id: sessionId }, data: { stageData: { research: { sources } } } });
    const md = await m.articles.exportArticle({ id: articleId, userId: user.id, format: "md" });
    expect(md.body).toBe(`# Rooftop farms\n\n${DRAFT}\n\n## References\n\n[1] [Cooling study](https://example.org/cool)\n`);
    const html = await m.articles.exportArticle({ id: articleId, userId: user.id, format: "html" });
    expect(html.body).toContain("<h2>References</h2>");

    const styled = await act(sessionId, user.id, "apply_style", { preset: "formal", platform: "blog" });
    const { variantId } = styled.result as { variantId: string };
    const edited = await m.variants.updateVariant({ articleId, variantId, userId: user.id, version: 1, change: { content: "Short and cited [1]." } });
    expect(edited).toMatchObject({ version: 2, content: "Short and cited [1]." });
    await expect(m.variants.updateVariant({ articleId, variantId, userId: user.id, version: 1, change: { content: "Late" } })).rejects.toMatchObject({
      code: "stale_version",
      details: { currentVersion: 2 },
    });
    const exported = await m.variants.exportVariant({ articleId, variantId, userId: user.id, format: "md" });
    expect(exported.body).toBe("# Rooftop farms\n\nShort and cited [1].\n\n## References\n\n[1] [Cooling study](https://example.org/cool)\n");
  });
});

describe("publishing a variant", () => {
  it("complete with a variantId records it and the article.published delivery carries the variant", async () => {
    const user = await createTestUser();
    const { sessionId, articleId } = await m.sessions.createSession({
      userId: user.id,
      input: { context: { publishWebhookUrl: "https://example.com/published" }, initialStage: "publish", title: "Rooftop farms", language: "en" },
      locale: "en",
    });
    const variantId = `var_${articleId}`;
    await m.db.$transaction((tx) =>
      m.variants.insertVariant(tx, {
        id: variantId,
        articleId,
        platform: "linkedin",
        preset: "formal",
        title: "Rooftop farms",
        content: "A hook line.",
        sourceVersion: 1,
        model: null,
        checks: [],
      }),
    );
    const done = await act(sessionId, user.id, "complete", { variantId });
    expect(done.result).toMatchObject({ variantId });
    const session = m.sessions.toSessionView(await m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id }));
    expect(session.stageData.publish).toMatchObject({ variantId });
    const delivery = await m.db.webhookDelivery.findFirstOrThrow({ where: { userId: user.id, event: "article.published" } });
    expect(delivery.payload).toMatchObject({
      event: "article.published",
      article: { id: articleId },
      variant: { id: variantId, platform: "linkedin", content: "A hook line." },
    });
  });
});
