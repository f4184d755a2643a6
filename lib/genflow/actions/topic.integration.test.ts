import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listEvents } from "@/lib/genflow/events";
import { startAction } from "@/lib/genflow/runs";
import { createSession } from "@/lib/genflow/sessions";
import { createTestUser } from "@/scripts/test/factories";

const noSchedule = () => {
  throw new Error("nothing should be scheduled");
};

describe("select_topic names the article", () => {
  it("an untitled article takes the chosen topic's title at once, as a revision, and says so (article.updated)", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {} }, locale: "zh" });
    const request = { action: "select_topic", parameters: { title: "屋顶农场" } };
    await startAction({ sessionId: session.sessionId, userId: user.id, request, schedule: noSchedule });
    const article = await db.article.findUniqueOrThrow({ where: { id: session.articleId } });
    expect(article).toMatchObject({ title: "屋顶农场", version: 2 });
    const revision = await db.articleRevision.findFirstOrThrow({ where: { articleId: article.id, version: 2 } });
    expect(revision).toMatchObject({ title: "屋顶农场", source: "stage", stage: "topic", note: "title from topic" });
    const events = await listEvents({ sessionId: session.sessionId, after: 0 });
    expect(events.find((e) => e.type === "article.updated")?.data).toEqual({
      articleId: article.id,
      version: 2,
      title: "屋顶农场",
      source: "stage",
      revisionId: revision.id,
    });
  });

  it("a title the writer gave the article is kept", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {}, title: "My own title" }, locale: "en" });
    await startAction({
      sessionId: session.sessionId,
      userId: user.id,
      request: { action: "select_topic", parameters: { title: "A topic" } },
      schedule: noSchedule,
    });
    expect(await db.article.findUniqueOrThrow({ where: { id: session.articleId } })).toMatchObject({ title: "My own title", version: 1 });
  });

  it("a title the writer is saving at that moment is kept: select_topic waits for it and then leaves the title alone", async () => {
    const user = await createTestUser();
    const session = await createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const { articleId } = session;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let saved = () => {};
    const writing = new Promise<void>((resolve) => {
      saved = resolve;
    });
    // The writer's title save, as updateArticle makes it, held open until select_topic is waiting on the row.
    const save = db.$transaction(
      async (tx) => {
        const { count } = await tx.article.updateMany({
          where: { id: articleId, version: 1 },
          data: { title: "The writer's title", version: { increment: 1 } },
        });
        expect(count).toBe(1);
        saved();
        await held;
      },
      { timeout: 20_000 },
    );
    await writing;
    const request = { action: "select_topic", parameters: { title: "A topic's title" } };
    const topic = startAction({ sessionId: session.sessionId, userId: user.id, request, schedule: noSchedule });
    for (let i = 0; ; i++) {
      const [{ waiting }] = await db.$queryRaw<{ waiting: bigint }[]>`
        SELECT count(*) AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%"Article"%'`;
      if (waiting > 0n) break;
      if (i > 200) throw new Error("select_topic never waited for the writer's save");
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await save;
    await topic;
    const article = await db.article.findUniqueOrThrow({ where: { id: articleId } });
    expect(article).toMatchObject({ title: "The writer's title", version: 2 });
    expect(await db.articleRevision.count({ where: { articleId, note: "title from topic" } })).toBe(0);
    const events = await listEvents({ sessionId: session.sessionId, after: 0 });
    expect(events.some((e) => e.type === "article.updated")).toBe(false);
  });
});
