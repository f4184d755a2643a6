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
});
