// The editor helpers and feedback over the API, on the fake model. Each answer is also checked against the
// OpenAPI document by the fixtures' request contexts (e2e/contract.ts).
import { expect, startSession, test } from "../fixtures";
import { runAction } from "../pipeline";

const API = "/api/genflow";

/** The `data:` payloads of an event stream, `[DONE]` included. */
function dataLines(body: string): string[] {
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice(6));
}

test.describe("POST /api/genflow/sessions/{id}/suggestions", () => {
  test("three alternatives as JSON, and one by one as an event stream ending in [DONE]", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "writing" });
    const data = { text: "The edge is where data lives.", instruction: "improve" };
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/suggestions`, { data });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { suggestions: string[]; usage: { calls: number } };
    expect(body.suggestions.length).toBeGreaterThan(0);
    expect(body.suggestions.length).toBeLessThanOrEqual(3);
    expect(body.usage.calls).toBeGreaterThan(0);

    const stream = await writerA.bearer.post(`${API}/sessions/${sessionId}/suggestions`, { data, headers: { accept: "text/event-stream" } });
    expect(stream.status()).toBe(200);
    const lines = dataLines(await stream.text());
    expect(lines.at(-1)).toBe("[DONE]");
    const events = lines.slice(0, -1).map((line) => JSON.parse(line) as { type: string; index?: number; text?: string });
    expect(events.filter((e) => e.type === "suggestion").map((e) => e.index)).toEqual(body.suggestions.map((_, i) => i));
    expect(events.at(-1)?.type).toBe("done");
  });

  test("409 wrong_stage where the stage offers no suggestions (publish)", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "publish" });
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/suggestions`, { data: { text: "Anything." } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.code).toBe("wrong_stage");
  });
});

test.describe("POST /api/genflow/sessions/{id}/autocomplete", () => {
  test("a continuation of the text with its usage", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "writing" });
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/autocomplete`, { data: { text: "Rooftop farms are", maxWords: 12 } });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { completion: string; usage: { calls: number } };
    expect(body.completion.trim().length).toBeGreaterThan(0);
    expect(body.usage.calls).toBeGreaterThan(0);
  });
});

test.describe("POST /api/genflow/sessions/{id}/grammar-check", () => {
  test("issues with offsets into the text sent (null when the excerpt is not in it)", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "writing" });
    const text = "Their going tomorow to the market.";
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/grammar-check`, { data: { text } });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { issues: { id: string; excerpt: string; offset: { start: number; end: number } | null }[]; usage: { calls: number } };
    expect(body.usage.calls).toBeGreaterThan(0);
    expect(body.issues.map((issue) => issue.id)).toEqual(body.issues.map((_, i) => `g${i + 1}`));
    for (const issue of body.issues) {
      if (issue.offset) expect(text.slice(issue.offset.start, issue.offset.end)).toBe(issue.excerpt);
    }
  });
});

test.describe("POST /api/genflow/sessions/{id}/feedback", () => {
  test("202: the stage's last AI action runs again with the comment; 409 before any AI result", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    const early = await writerA.bearer.post(`${API}/sessions/${sessionId}/feedback`, { data: { comment: "More about costs" } });
    expect(early.status()).toBe(409);
    await runAction(writerA, sessionId, "discover_topics", { category: "urban farming", count: 3 });
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/feedback`, { data: { comment: "More about costs" } });
    expect(res.status(), await res.text()).toBe(202);
    const { run } = (await res.json()) as { run: { actionId: string; action: string } };
    expect(run.action).toBe("discover_topics");
    await expect
      .poll(async () => ((await (await writerA.bearer.get(`${API}/sessions/${sessionId}/actions/${run.actionId}`)).json()) as { status: string }).status, {
        timeout: 30_000,
      })
      .toBe("succeeded");
  });
});
