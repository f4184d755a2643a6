import { expect, startSession, test } from "../fixtures";

test.describe("POST /api/genflow/sessions", () => {
  test("creates a session and its article, by token and by cookie", async ({ writerA }) => {
    const res = await writerA.bearer.post("/api/genflow/sessions", { data: { title: "Edge AI", context: { audience: "CTOs" } } });
    expect(res.status()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      progress: { stage: "topic", status: "idle", progress: 0 },
      capabilities: ["suggestions"],
      realtime: { channel: `private-session-${body.sessionId}` },
    });
    expect(body.availableActions.map((a: { action: string }) => a.action)).toEqual(["discover_topics", "select_topic", "approve"]);
    const article = await writerA.cookie.get(`/api/genflow/articles/${body.articleId}`);
    expect(await article.json()).toMatchObject({ title: "Edge AI", version: 1, content: "" });
  });

  test("localizes action labels from Accept-Language", async ({ writerA }) => {
    const res = await writerA.bearer.post("/api/genflow/sessions", { data: {}, headers: { "accept-language": "zh-CN" } });
    const body = await res.json();
    expect(body.availableActions[0].text).toBe("发现热门话题");
  });
});

test.describe("GET /api/genflow/sessions/{id}", () => {
  test("returns progress, actions, capabilities, stage data and usage", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "writing" });
    const res = await writerA.bearer.get(`/api/genflow/sessions/${sessionId}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({
      sessionId,
      progress: { stage: "writing", status: "idle", progress: 0, estimatedTime: null, currentStep: null },
      capabilities: ["suggestions", "autoComplete", "grammarCheck"],
      lastMessage: null,
      stageData: {},
      usage: { tokensIn: 0, tokensOut: 0 },
    });
  });
});
