import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { exportArticle, getArticleOrThrow, listRevisions, restoreRevision, updateArticle } from "@/lib/genflow/articles";
import { listEvents } from "@/lib/genflow/events";
import { createSession, deleteSession } from "@/lib/genflow/sessions";
import { createTestUser } from "@/scripts/test/factories";

async function newArticle(userId: string) {
  const session = await createSession({ userId, input: { context: {}, title: "Draft" }, locale: "en" });
  return session.articleId;
}

describe("articles", () => {
  it("lets exactly one of 20 parallel writers at one baseVersion win, and records one revision", async () => {
    const user = await createTestUser();
    const id = await newArticle(user.id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => updateArticle({ id, userId: user.id, baseVersion: 1, change: { content: `writer ${i}` } })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect((r.reason as AppError).code).toBe("stale_version");
    expect((lost[0].reason as AppError).details).toMatchObject({ currentVersion: 2 });
    const revisions = await listRevisions({ articleId: id, userId: user.id });
    expect(revisions.map((r) => r.version)).toEqual([2, 1]);
    const article = await getArticleOrThrow({ id, userId: user.id });
    expect(article.version).toBe(2);
    expect(article.content).toBe((won[0] as PromiseFulfilledResult<{ content: string }>).value.content);
  });

  it("hides another writer's article as not found and changes nothing", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const id = await newArticle(owner.id);
    await expect(getArticleOrThrow({ id, userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateArticle({ id, userId: other.id, baseVersion: 1, change: { content: "mine" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(listRevisions({ articleId: id, userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    expect((await getArticleOrThrow({ id, userId: owner.id })).content).toBe("");
  });

  it("restores an earlier revision as a new revision", async () => {
    const user = await createTestUser();
    const id = await newArticle(user.id);
    await updateArticle({ id, userId: user.id, baseVersion: 1, change: { content: "first" } });
    await updateArticle({ id, userId: user.id, baseVersion: 2, change: { content: "second" } });
    const first = (await listRevisions({ articleId: id, userId: user.id })).find((r) => r.version === 2);
    const restored = await restoreRevision({ articleId: id, revisionId: first?.id ?? "", userId: user.id });
    expect(restored).toMatchObject({ version: 4, content: "first" });
    const latest = (await listRevisions({ articleId: id, userId: user.id }))[0];
    expect(latest).toMatchObject({ version: 4, source: "writer", note: "restored version 2" });
  });

  it("announces every write as article.updated on the article's newest session (writer saves and restores)", async () => {
    const user = await createTestUser();
    const first = await createSession({ userId: user.id, input: { context: {}, title: "Draft" }, locale: "en" });
    const id = first.articleId;
    const saved = await updateArticle({ id, userId: user.id, baseVersion: 1, change: { content: "first" } });
    const revisions = await listRevisions({ articleId: id, userId: user.id });
    const updated = (await listEvents({ sessionId: first.sessionId, after: 0 })).filter((e) => e.type === "article.updated");
    expect(updated.map((e) => e.data)).toEqual([{ articleId: id, version: 2, title: "Draft", source: "writer", revisionId: revisions[0].id }]);
    // A stale save announces nothing.
    await expect(updateArticle({ id, userId: user.id, baseVersion: 1, change: { content: "late" } })).rejects.toMatchObject({ code: "stale_version" });
    // A newer session of the article gets the events; restoring says so.
    await deleteSession({ id: first.sessionId, userId: user.id });
    const second = await createSession({ userId: user.id, input: { context: {}, articleId: id }, locale: "en" });
    await restoreRevision({ articleId: id, revisionId: revisions[1].id, userId: user.id, baseVersion: saved.version });
    const restored = (await listEvents({ sessionId: second.sessionId, after: 0 })).filter((e) => e.type === "article.updated");
    expect(restored.map((e) => e.data)).toMatchObject([{ articleId: id, version: 3, source: "restore" }]);
    // Without any session the write still happens (nowhere to announce it).
    await deleteSession({ id: second.sessionId, userId: user.id });
    expect(await updateArticle({ id, userId: user.id, baseVersion: 3, change: { content: "alone" } })).toMatchObject({ version: 4, content: "alone" });
  });

  it("exports Markdown and sanitized HTML", async () => {
    const user = await createTestUser();
    const id = await newArticle(user.id);
    await updateArticle({
      id,
      userId: user.id,
      baseVersion: 1,
      change: { content: "## Part\n\nHello **world** [1]\n\n<script>alert(1)</script><img src=x onerror=alert(2)>" },
    });
    const md = await exportArticle({ id, userId: user.id, format: "md" });
    expect(md.body.startsWith("# Draft\n\n## Part")).toBe(true);
    const html = await exportArticle({ id, userId: user.id, format: "html" });
    expect(html.body).toContain("<h2>Part</h2>");
    expect(html.body).toContain("<strong>world</strong>");
    expect(html.body).not.toContain("<script");
    expect(html.body).not.toContain("onerror");
  });

  it("exports a task list as disabled checkboxes, and no other input survives", async () => {
    const user = await createTestUser();
    const id = await newArticle(user.id);
    await updateArticle({ id, userId: user.id, baseVersion: 1, change: { content: '- [x] sources\n- [ ] intro\n\n<input type="text" name="q">' } });
    const { body } = await exportArticle({ id, userId: user.id, format: "html" });
    const inputs = body.match(/<input[^>]*>/g) ?? [];
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input).toContain('type="checkbox"');
      expect(input).toMatch(/\sdisabled[\s=>/]/);
    }
    expect(inputs.filter((input) => input.includes("checked"))).toHaveLength(1);
    expect(body).not.toContain('type="text"');
  });

  it("keeps the article row unchanged when a write is rejected", async () => {
    const user = await createTestUser();
    const id = await newArticle(user.id);
    const before = await db.article.findUniqueOrThrow({ where: { id } });
    await expect(updateArticle({ id, userId: user.id, baseVersion: 7, change: { content: "late" } })).rejects.toMatchObject({ code: "stale_version" });
    const after = await db.article.findUniqueOrThrow({ where: { id } });
    expect(after).toEqual(before);
    expect(await db.articleRevision.count({ where: { articleId: id } })).toBe(1);
  });
});
