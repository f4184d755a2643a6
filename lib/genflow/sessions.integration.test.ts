import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listEvents } from "@/lib/genflow/events";
import { startAction } from "@/lib/genflow/runs";
import { cleanupExpiredSessions, createSession, deleteSession, getSessionOrThrow, listSessions, toSessionView } from "@/lib/genflow/sessions";
import { createTestUser } from "@/scripts/test/factories";

// State actions complete in their transaction: nothing is ever scheduled for them.
const noSchedule = () => {
  throw new Error("nothing should be scheduled");
};

describe("sessions", () => {
  it("creates an article with its first revision when articleId is absent", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: { audience: "devs" } }, locale: "zh" });
    expect(session).toMatchObject({
      progress: { stage: "topic", status: "idle", progress: 0 },
      capabilities: ["suggestions"],
      realtime: { channel: `private-session-${session.sessionId}` },
      title: "未命名文章",
      language: "zh",
    });
    expect(session.availableActions[0]).toMatchObject({ action: "discover_topics", text: "发现热门话题" });
    expect(await db.articleRevision.count({ where: { articleId: session.articleId } })).toBe(1);
  });

  it("refuses a second live session for one article, and resumes the article's stage after expiry", async () => {
    const user = await createTestUser();
    const first = await createSession({ userId: user.id, input: { context: {}, initialStage: "writing" }, locale: "en" });
    await expect(createSession({ userId: user.id, input: { context: {}, articleId: first.articleId }, locale: "en" })).rejects.toMatchObject({
      code: "duplicate",
      details: { sessionId: first.sessionId },
    });
    await db.session.update({ where: { id: first.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const second = await createSession({ userId: user.id, input: { context: {}, articleId: first.articleId }, locale: "en" });
    expect(second.progress.stage).toBe("writing");
  });

  it("answers 410 for an expired session; clean-up removes it and keeps the article and revisions", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    await db.session.update({ where: { id: session.sessionId }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    await expect(getSessionOrThrow({ id: session.sessionId, userId: user.id })).rejects.toMatchObject({ code: "session_expired", status: 410 });
    const { deleted } = await cleanupExpiredSessions();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await db.session.findUnique({ where: { id: session.sessionId } })).toBeNull();
    expect(await db.article.findUnique({ where: { id: session.articleId } })).not.toBeNull();
    expect(await db.articleRevision.count({ where: { articleId: session.articleId } })).toBe(1);
  });

  it("extends expiry on activity, at most once a minute", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const soon = new Date(Date.now() + 5 * 60_000);
    await db.session.update({ where: { id: session.sessionId }, data: { expiresAt: soon } });
    const row = await getSessionOrThrow({ id: session.sessionId, userId: user.id });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 119 * 60_000);
  });

  it("hides another writer's session and lists only the caller's, paginated by cursor", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createSession({ userId: owner.id, input: { context: {} }, locale: "en" })).sessionId);
    await expect(getSessionOrThrow({ id: ids[0], userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteSession({ id: ids[0], userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    const page1 = await listSessions({ userId: owner.id, limit: 2, locale: "en" });
    const page2 = await listSessions({ userId: owner.id, limit: 2, cursor: page1.nextCursor ?? undefined, locale: "en" });
    expect([...page1.items, ...page2.items].map((s) => s.sessionId).sort()).toEqual([...ids].sort());
    expect(page2.nextCursor).toBeNull();
    expect((await listSessions({ userId: other.id, limit: 10, locale: "en" })).items).toEqual([]);
  });

  it("lets exactly one of 50 parallel actions on one session through, with a gap-free event log", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {}, initialStage: "research" }, locale: "en" });
    // Each approve names the stage it approves, as a careful client does: on a loaded machine a caller may read
    // the session only after the winner has finished, and an unnamed approve would then rightly approve writing.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        startAction({ sessionId: session.sessionId, userId: user.id, request: { action: "approve", parameters: { stage: "research" } }, schedule: noSchedule }),
      ),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    expect(accepted).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { status: number }).status).toBe(409);
    const row = await getSessionOrThrow({ id: session.sessionId, userId: user.id });
    expect(toSessionView(row).progress).toMatchObject({ stage: "writing", status: "idle" });
    const events = await listEvents({ sessionId: session.sessionId, after: 0 });
    expect(events.map((e) => e.metadata.seq)).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.type, e.data.stage, e.data.status])).toEqual([
      ["stage.change", "research", "processing"],
      ["stage.change", "writing", "idle"],
      ["action.completed", undefined, "succeeded"],
    ]);
  });

  it("returns the first actionId for a repeated idempotencyKey", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {}, initialStage: "writing" }, locale: "en" });
    const request = { action: "go_to_stage", parameters: { stage: "research" }, idempotencyKey: "k-1" };
    const first = await startAction({ sessionId: session.sessionId, userId: user.id, request, schedule: noSchedule });
    const again = await startAction({ sessionId: session.sessionId, userId: user.id, request, schedule: noSchedule });
    expect(again.replayed).toBe(true);
    expect(again.run.actionId).toBe(first.run.actionId);
  });
});
