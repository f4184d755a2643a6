// Articles and their history: read, list and search, change at a base version, delete, revisions, restore,
// export as Markdown or sanitized HTML, and a burst of concurrent writers of whom exactly one wins.
import { expect, startSession, test, type Writer } from "../fixtures";

const API = "/api/genflow";

interface Revision {
  id: string;
  version: number;
  title: string;
  source: string;
  note: string | null;
}

const articleUrl = (id: string) => `${API}/articles/${id}`;

async function patch(w: Writer, id: string, data: Record<string, unknown>) {
  const res = await w.bearer.patch(articleUrl(id), { data });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function revisions(w: Writer, id: string): Promise<Revision[]> {
  const res = await w.bearer.get(`${articleUrl(id)}/revisions`);
  expect(res.status()).toBe(200);
  return (await res.json()).revisions;
}

test.describe(`GET ${API}/articles/{id}`, () => {
  test("returns the article with its current version", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "Quantum gardening", language: "en" });
    const res = await writerA.cookie.get(articleUrl(articleId));
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: articleId, title: "Quantum gardening", language: "en", content: "", version: 1, stage: "topic" });
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    expect(Date.parse(body.updatedAt)).not.toBeNaN();
  });
});

test.describe(`GET ${API}/articles`, () => {
  test("lists the caller's articles, most recently changed first, and ?q= searches titles case-insensitively", async ({ writerA }) => {
    const first = await startSession(writerA, { title: "Rust in production" });
    const second = await startSession(writerA, { title: "Cooking with miso" });
    await patch(writerA, first.articleId, { baseVersion: 1, content: "touched last" });
    const all = await (await writerA.bearer.get(`${API}/articles`)).json();
    expect(all.articles.map((a: { id: string }) => a.id)).toEqual([first.articleId, second.articleId]);
    expect(all.articles[0]).toMatchObject({ title: "Rust in production", version: 2, stage: "topic", language: "en" });
    const found = await (await writerA.cookie.get(`${API}/articles?q=${encodeURIComponent("rUsT IN")}`)).json();
    expect(found.articles.map((a: { id: string }) => a.id)).toEqual([first.articleId]);
    const none = await (await writerA.bearer.get(`${API}/articles?q=nothing-like-this`)).json();
    expect(none.articles).toEqual([]);
  });
});

test.describe(`PATCH ${API}/articles/{id}`, () => {
  test("applies a change at baseVersion, bumps the version and records a writer revision", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "Draft" });
    const updated = await patch(writerA, articleId, { baseVersion: 1, title: "Final title", content: "Hello **world**", language: "zh" });
    expect(updated).toMatchObject({ id: articleId, title: "Final title", content: "Hello **world**", language: "zh", version: 2 });
    const again = await patch(writerA, articleId, { baseVersion: 2, content: "Only the content" });
    expect(again).toMatchObject({ title: "Final title", content: "Only the content", version: 3 });
    expect(await (await writerA.cookie.get(articleUrl(articleId))).json()).toMatchObject({ content: "Only the content", version: 3 });
    const history = await revisions(writerA, articleId);
    expect(history.map((r) => [r.version, r.source])).toEqual([
      [3, "writer"],
      [2, "writer"],
      [1, "writer"],
    ]);
  });

  test("20 parallel PATCHes at one baseVersion: exactly one 200, nineteen 409 stale_version, one new revision", async ({ writerA }) => {
    const { articleId } = await startSession(writerA);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writerA.bearer.patch(articleUrl(articleId), { data: { baseVersion: 1, content: `writer ${i}` } })),
    );
    const statuses = results.map((r) => r.status());
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = results[statuses.indexOf(200)];
    const { content } = await winner.json();
    for (const loser of results.filter((r) => r.status() === 409)) {
      const { error } = await loser.json();
      expect(error).toMatchObject({ code: "stale_version", details: { currentVersion: 2 } });
    }
    expect(await (await writerA.bearer.get(articleUrl(articleId))).json()).toMatchObject({ version: 2, content });
    expect((await revisions(writerA, articleId)).map((r) => r.version)).toEqual([2, 1]);
  });
});

test.describe(`DELETE ${API}/articles/{id}`, () => {
  test("204, then the article, its history and its sessions are gone", async ({ writerA }) => {
    const { articleId, sessionId } = await startSession(writerA, { title: "Short-lived" });
    const res = await writerA.cookie.delete(articleUrl(articleId));
    expect(res.status()).toBe(204);
    expect(await res.text()).toBe("");
    for (const url of [articleUrl(articleId), `${articleUrl(articleId)}/revisions`, `${API}/sessions/${sessionId}`]) {
      const gone = await writerA.bearer.get(url);
      expect(gone.status(), url).toBe(404);
      expect((await gone.json()).error.code).toBe("not_found");
    }
    const list = await (await writerA.bearer.get(`${API}/articles`)).json();
    expect(list.articles.map((a: { id: string }) => a.id)).not.toContain(articleId);
    expect((await writerA.cookie.delete(articleUrl(articleId))).status()).toBe(404);
  });
});

test.describe(`GET ${API}/articles/{id}/revisions`, () => {
  test("lists every revision newest first; GET one returns its content", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "History" });
    await patch(writerA, articleId, { baseVersion: 1, content: "second" });
    await patch(writerA, articleId, { baseVersion: 2, content: "third", title: "History, revised" });
    const list = await revisions(writerA, articleId);
    expect(list.map((r) => r.version)).toEqual([3, 2, 1]);
    expect(list[2]).toMatchObject({ version: 1, title: "History", source: "writer", note: "created" });
    for (const r of list) expect(r).not.toHaveProperty("content");
    const res = await writerA.cookie.get(`${articleUrl(articleId)}/revisions/${list[1].id}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ id: list[1].id, version: 2, title: "History", content: "second", source: "writer" });
    const missing = await writerA.bearer.get(`${articleUrl(articleId)}/revisions/no-such-revision`);
    expect(missing.status()).toBe(404);
  });
});

test.describe(`POST ${API}/articles/{id}/revisions/{revisionId}/restore`, () => {
  test("creates a new revision whose content is the old one; a stale baseVersion → 409", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "Restorable" });
    await patch(writerA, articleId, { baseVersion: 1, content: "good version" });
    await patch(writerA, articleId, { baseVersion: 2, content: "bad rewrite", title: "Renamed" });
    const v2 = (await revisions(writerA, articleId)).find((r) => r.version === 2);
    expect(v2).toBeDefined();
    const url = `${articleUrl(articleId)}/revisions/${v2?.id}/restore`;

    const stale = await writerA.bearer.post(url, { data: { baseVersion: 2 } });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "stale_version", details: { currentVersion: 3 } });

    const res = await writerA.bearer.post(url, { data: { baseVersion: 3 } });
    expect(res.status(), await res.text()).toBe(200);
    expect(await res.json()).toMatchObject({ version: 4, title: "Restorable", content: "good version" });
    const history = await revisions(writerA, articleId);
    expect(history.map((r) => r.version)).toEqual([4, 3, 2, 1]);
    expect(history[0]).toMatchObject({ source: "writer", note: "restored version 2" });
    const v4 = await (await writerA.bearer.get(`${articleUrl(articleId)}/revisions/${history[0].id}`)).json();
    expect(v4.content).toBe("good version");
    // Without a body the restore applies at the current version.
    const v1 = history[3];
    const plain = await writerA.cookie.post(`${articleUrl(articleId)}/revisions/${v1.id}/restore`);
    expect(plain.status()).toBe(200);
    expect(await plain.json()).toMatchObject({ version: 5, content: "" });
  });
});

test.describe(`GET ${API}/articles/{id}/export`, () => {
  test("format=md is a Markdown attachment with the title and content", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "Export me" });
    await patch(writerA, articleId, { baseVersion: 1, content: "Some *markdown* text." });
    const res = await writerA.bearer.get(`${articleUrl(articleId)}/export?format=md`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/markdown/);
    expect(res.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(res.headers()["content-disposition"]).toContain("Export%20me.md");
    expect(await res.text()).toBe("# Export me\n\nSome *markdown* text.\n");
    // md is the default format.
    expect(await (await writerA.bearer.get(`${articleUrl(articleId)}/export`)).text()).toBe("# Export me\n\nSome *markdown* text.\n");
  });

  test("format=html is sanitized: scripts and event handlers in the content or title do not come out", async ({ writerA }) => {
    const { articleId } = await startSession(writerA, { title: "Safe <script>alert('title')</script>" });
    const content = [
      "## Section",
      "",
      "Plain paragraph with **bold**.",
      "",
      "<script>alert('xss')</script>",
      "",
      '<img src="x" onerror="alert(1)">',
      "",
      "[click](javascript:alert(2))",
    ].join("\n");
    await patch(writerA, articleId, { baseVersion: 1, content });
    const res = await writerA.cookie.get(`${articleUrl(articleId)}/export?format=html`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/html/);
    expect(res.headers()["content-disposition"]).toMatch(/^attachment;.*\.html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<h2>Section</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("alert('xss')");
  });
});
