// The outline belongs to the writer, end to end on PostgreSQL and the fake model: the sections the writer added
// or renamed are kept in their place when research runs again (the AI's are refreshed), and the draft follows
// the merged outline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStageData } from "@/lib/genflow/stage-data";
import type { FakeOpenAI } from "@/scripts/fake-openai/server";
import { createWriterSession, type RunModules, runAction, startRunKit } from "@/scripts/test/run-kit";

let fake: FakeOpenAI;
let m: RunModules;

beforeAll(async () => {
  ({ fake, m } = await startRunKit({ latency: { ttftMs: 5, tokensPerSecond: 0 } }));
});

afterAll(async () => {
  await fake?.stop();
});

const SOURCES = { sources: [{ title: "Field notes", text: "Rooftop farms cool buildings in summer and feed the neighbourhood." }] };

async function outlineOf(sessionId: string, userId: string) {
  const session = await m.sessions.getSessionOrThrow({ id: sessionId, userId });
  return readStageData(session.stageData).research?.outline ?? [];
}

describe("outline: the writer's sections survive a re-run of research", () => {
  it("keeps an added and a renamed section in place, refreshes the AI's, and the draft follows", { timeout: 60_000 }, async () => {
    const { user, sessionId, articleId } = await createWriterSession(m, "outline");
    const act = async (action: string, parameters?: Record<string, unknown>) => {
      const run = await runAction(m, sessionId, user.id, action, parameters);
      expect(run.status, `${action}: ${run.errorMessage}`).toBe("succeeded");
      return run;
    };
    await act("select_topic", { title: "Rooftop farming in dense cities" });
    await act("approve");
    await act("research_topic", SOURCES);
    const first = await outlineOf(sessionId, user.id);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.every((s) => s.origin === "ai")).toBe(true);

    // The writer renames the second section and adds one after the first.
    const renamed = { id: first[1].id, title: "What the neighbours get", points: first[1].points };
    const added = { title: "A rooftop I visited", points: ["the beehives"] };
    await act("update_outline", {
      sections: [
        { id: first[0].id, title: first[0].title, points: first[0].points },
        added,
        renamed,
        ...first.slice(2).map(({ id, title, points }) => ({ id, title, points })),
      ],
    });
    const edited = await outlineOf(sessionId, user.id);
    expect(edited.map((s) => [s.title, s.origin, s.edited])).toEqual([
      [first[0].title, "ai", undefined],
      [added.title, "writer", undefined],
      [renamed.title, "writer", true],
      ...first.slice(2).map((s) => [s.title, "ai", undefined]),
    ]);

    // Research again: the same sources give the fake model the same prompt, hence the same proposed outline.
    await act("research_topic", SOURCES);
    const merged = await outlineOf(sessionId, user.id);
    expect(merged.map((s) => s.title)).toEqual([first[0].title, added.title, renamed.title, ...first.slice(2).map((s) => s.title)]);
    expect(merged[1]).toEqual(edited[1]);
    expect(merged[2]).toEqual(edited[2]);
    // The AI's sections are fresh ones (new ids), and the AI's title the writer renamed does not come back.
    const aiSections = merged.filter((s) => s.origin === "ai");
    expect(aiSections.length).toBe(first.length - 1);
    for (const section of aiSections) expect(first.map((s) => s.id)).not.toContain(section.id);
    expect(merged.map((s) => s.title)).not.toContain(first[1].title);

    await act("approve");
    await act("write_draft", { targetLength: 400 });
    const article = await m.articles.getArticleOrThrow({ id: articleId, userId: user.id });
    const headings = [...article.content.matchAll(/^## +(.+?)\s*$/gm)].map((h) => h[1]);
    expect(headings).toEqual(merged.map((s) => s.title));
  });
});
