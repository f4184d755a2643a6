// Platform variants: apply_style makes one beside the article (the article is untouched); list, read, edit at
// a version (409 when stale), export with references, apply to the article as a proposal, delete, and every
// bad input: bad JSON, wrong types, someone else's ids, a stale version.
import type { APIRequestContext } from "@playwright/test";
import { expect, startSession, test, type Writer } from "../fixtures";
import { runAction } from "../pipeline";

const API = "/api/genflow";
const DRAFT = [
  "## Why roofs",
  "Rooftop farms turn idle concrete into growing space and keep buildings cooler in summer.",
  "",
  "## What grows",
  "Leafy greens, herbs and tomatoes do well in shallow beds with drip irrigation.",
].join("\n");

interface Variant {
  id: string;
  articleId: string;
  platform: string;
  preset: string;
  title: string;
  content: string;
  version: number;
  sourceVersion: number;
  checks: { id: string; passed: boolean; message: string }[];
}

/** Sends exactly these bytes (a string `data` would be JSON-encoded by Playwright). */
const raw = (ctx: APIRequestContext, method: string, url: string, body: string, contentType = "application/json") =>
  ctx.fetch(url, { method, data: Buffer.from(body), headers: { "content-type": contentType } });

const variantsUrl = (articleId: string) => `${API}/articles/${articleId}/variants`;

/** A session at styling with a draft, styled for LinkedIn: its article and the variant apply_style made. */
async function styled(w: Writer) {
  const { sessionId, articleId } = await startSession(w, { title: "Rooftop farms", initialStage: "styling", language: "en" });
  const patched = await w.bearer.patch(`${API}/articles/${articleId}`, { data: { baseVersion: 1, content: DRAFT } });
  expect(patched.status()).toBe(200);
  const run = await runAction(w, sessionId, "apply_style", { preset: "conversational", platform: "linkedin" });
  const { variantId } = run.result as { variantId: string };
  return { sessionId, articleId, variantId };
}

test.describe(`GET ${API}/articles/{id}/variants`, () => {
  test("apply_style makes a variant beside the article, which stays as it was; the list has it", async ({ writerA }) => {
    const { articleId, variantId } = await styled(writerA);
    const article = await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json();
    expect(article).toMatchObject({ version: 2, content: DRAFT });
    const res = await writerA.bearer.get(variantsUrl(articleId));
    expect(res.status()).toBe(200);
    const { variants } = (await res.json()) as { variants: Variant[] };
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatchObject({ id: variantId, articleId, platform: "linkedin", preset: "conversational", version: 1, sourceVersion: 2 });
    expect(variants[0].content).not.toBe(DRAFT);
    expect(variants[0].checks.find((c) => c.id === "max-length")?.message).toMatch(/of at most 600 words$/);
  });

  test("someone else's article is 404", async ({ writerA, writerB }) => {
    const { articleId } = await startSession(writerA, { title: "Mine" });
    const res = await writerB.bearer.get(variantsUrl(articleId));
    expect(res.status()).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  });
});

test.describe(`GET ${API}/articles/{id}/variants/{variantId}`, () => {
  test("one variant; an unknown id or someone else's is 404", async ({ writerA, writerB }) => {
    const { articleId, variantId } = await styled(writerA);
    const res = await writerA.cookie.get(`${variantsUrl(articleId)}/${variantId}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ id: variantId, platform: "linkedin" });
    expect((await writerA.bearer.get(`${variantsUrl(articleId)}/var_unknown`)).status()).toBe(404);
    expect((await writerB.bearer.get(`${variantsUrl(articleId)}/${variantId}`)).status()).toBe(404);
  });
});

test.describe(`PATCH ${API}/articles/{id}/variants/{variantId}`, () => {
  test("saves an edit at its version and checks the platform again; a stale version is 409 with the current variant", async ({ writerA }) => {
    const { articleId, variantId } = await styled(writerA);
    const url = `${variantsUrl(articleId)}/${variantId}`;
    const long = Array.from({ length: 650 }, () => "word").join(" ");
    const res = await writerA.bearer.patch(url, { data: { version: 1, content: `## Heading\n\n${long}`, title: "For LinkedIn" } });
    expect(res.status(), await res.text()).toBe(200);
    const saved = (await res.json()) as Variant;
    expect(saved).toMatchObject({ version: 2, title: "For LinkedIn" });
    expect(saved.checks.map((c) => [c.id, c.passed])).toEqual([
      ["max-length", false],
      ["no-headings", false],
    ]);
    const stale = await writerA.bearer.patch(url, { data: { version: 1, content: "late" } });
    expect(stale.status()).toBe(409);
    const body = await stale.json();
    expect(body.error).toMatchObject({ code: "stale_version", details: { currentVersion: 2, current: { id: variantId, version: 2 } } });
  });

  test("bad JSON is 400; wrong types and an empty change are 422 naming the field; someone else's is 404", async ({ writerA, writerB }) => {
    const { articleId, variantId } = await styled(writerA);
    const url = `${variantsUrl(articleId)}/${variantId}`;
    const bad = await raw(writerA.bearer, "PATCH", url, '{"version":1,"content":');
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_json");
    const wrong = await writerA.bearer.patch(url, { data: { version: "1", content: 5 } });
    expect(wrong.status()).toBe(422);
    const fields = ((await wrong.json()).error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["version", "content"]));
    const empty = await writerA.bearer.patch(url, { data: { version: 1 } });
    expect(empty.status()).toBe(422);
    // A version past the database's integer range is a 422 naming it, not a failed query.
    const huge = await writerA.bearer.patch(url, { data: { version: 1e12, content: "late" } });
    expect(huge.status()).toBe(422);
    expect((await huge.json()).error).toMatchObject({ code: "validation_failed", details: [{ field: "version" }] });
    expect((await writerB.bearer.patch(url, { data: { version: 1, content: "theirs" } })).status()).toBe(404);
    expect((await (await writerA.bearer.get(url)).json()).version).toBe(1);
  });
});

test.describe(`GET ${API}/articles/{id}/variants/{variantId}/export`, () => {
  test("Markdown and sanitized HTML downloads; a bad format is 422", async ({ writerA, writerB }) => {
    const { articleId, variantId } = await styled(writerA);
    const url = `${variantsUrl(articleId)}/${variantId}/export`;
    const variant = (await (await writerA.bearer.get(`${variantsUrl(articleId)}/${variantId}`)).json()) as Variant;
    const md = await writerA.bearer.get(`${url}?format=md`);
    expect(md.status()).toBe(200);
    expect(md.headers()["content-type"]).toContain("text/markdown");
    expect(md.headers()["content-disposition"]).toContain("attachment");
    expect(await md.text()).toBe(`# ${variant.title}\n\n${variant.content.trimEnd()}\n`);
    const html = await writerA.cookie.get(`${url}?format=html`);
    expect(html.headers()["content-type"]).toContain("text/html");
    expect(await html.text()).toContain("<!doctype html>");
    expect((await writerA.bearer.get(`${url}?format=pdf`)).status()).toBe(422);
    expect((await writerB.bearer.get(`${url}?format=md`)).status()).toBe(404);
  });
});

test.describe(`POST ${API}/articles/{id}/variants/{variantId}/apply`, () => {
  test("makes a pending proposal of the variant on the article; the article is not written", async ({ writerA, writerB }) => {
    const { articleId, variantId } = await styled(writerA);
    const url = `${variantsUrl(articleId)}/${variantId}/apply`;
    const variant = (await (await writerA.bearer.get(`${variantsUrl(articleId)}/${variantId}`)).json()) as Variant;
    const res = await writerA.bearer.post(url, { data: {} });
    expect(res.status(), await res.text()).toBe(201);
    const { proposal } = await res.json();
    expect(proposal).toMatchObject({ articleId, status: "pending", source: "variant", variantId, baseVersion: 2, content: variant.content });
    expect(proposal.changes.length).toBeGreaterThan(0);
    const listed = await (await writerA.bearer.get(`${API}/articles/${articleId}/proposals`)).json();
    expect(listed.proposals.map((p: { id: string }) => p.id)).toContain(proposal.id);
    expect(await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json()).toMatchObject({ version: 2, content: DRAFT });

    const bad = await raw(writerA.bearer, "POST", url, "[");
    expect(bad.status()).toBe(400);
    expect((await raw(writerA.bearer, "POST", url, "{}", "text/plain")).status()).toBe(415);
    expect((await writerB.bearer.post(url, { data: {} })).status()).toBe(404);
    expect((await writerA.bearer.post(`${variantsUrl(articleId)}/var_unknown/apply`, { data: {} })).status()).toBe(404);
  });
});

test.describe(`DELETE ${API}/articles/{id}/variants/{variantId}`, () => {
  test("deletes the variant, not the article; again or someone else's is 404", async ({ writerA, writerB }) => {
    const { articleId, variantId } = await styled(writerA);
    const url = `${variantsUrl(articleId)}/${variantId}`;
    expect((await writerB.bearer.delete(url)).status()).toBe(404);
    const res = await writerA.cookie.delete(url);
    expect(res.status()).toBe(204);
    expect((await writerA.bearer.get(url)).status()).toBe(404);
    expect((await writerA.bearer.delete(url)).status()).toBe(404);
    expect((await (await writerA.bearer.get(variantsUrl(articleId))).json()).variants).toEqual([]);
    expect((await writerA.bearer.get(`${API}/articles/${articleId}`)).status()).toBe(200);
  });
});

test.describe(`POST ${API}/sessions/{id}/actions (variants)`, () => {
  test("review_article of a variant measures its platform's length; export and complete take a variantId; an unknown one is 422", async ({
    writerA,
    writerB,
  }) => {
    const { sessionId, variantId } = await styled(writerA);
    await runAction(writerA, sessionId, "approve", { stage: "styling" });
    const review = await runAction(writerA, sessionId, "review_article", { variantId });
    expect(review.result).toMatchObject({ variantId });
    const session = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(session.stageData.review).toMatchObject({ variantId });
    const length = (session.stageData.review.checks as { id: string; message: string }[]).find((c) => c.id === "length");
    expect(length?.message).toMatch(/of at most 600 words$/);

    const unknown = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, {
      data: { action: "review_article", parameters: { variantId: "var_x" } },
    });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).error.details).toEqual([{ field: "parameters.variantId", message: "not a variant of this session's article" }]);
    const wrongType = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "review_article", parameters: { variantId: 7 } } });
    expect(wrongType.status()).toBe(422);

    // writerB's own variant id is not a variant of writerA's article.
    const other = await styled(writerB);
    const foreign = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, {
      data: { action: "review_article", parameters: { variantId: other.variantId } },
    });
    expect(foreign.status()).toBe(422);

    await runAction(writerA, sessionId, "approve", { stage: "review" });
    const exported = await runAction(writerA, sessionId, "export_article", { format: "md", variantId });
    expect((exported.result as { content: string; variantId: string }).variantId).toBe(variantId);
    const done = await runAction(writerA, sessionId, "complete", { variantId });
    expect(done.result).toMatchObject({ variantId });
  });
});
