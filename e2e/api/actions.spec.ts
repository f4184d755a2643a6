// Actions on a session: the state machine (approve, go_to_stage, select_topic, update_outline), AI actions
// without a model, one action at a time under concurrency, idempotency, runs, the event log and deletion.
import type { APIResponse } from "@playwright/test";
import { expect, startSession, test, type Writer } from "../fixtures";

const API = "/api/genflow";
const EVENT_TYPES = [
  "stage.change",
  "progress.update",
  "topics.discovered",
  "research.completed",
  "draft.delta",
  "draft.completed",
  "style.applied",
  "review.completed",
  "suggestion.ready",
  "proposal.ready",
  "proposal.resolved",
  "article.updated",
  "action.completed",
  "error",
];

const act = (w: Writer, sessionId: string, action: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action, parameters, ...extra } });

async function accepted(res: APIResponse) {
  expect(res.status(), await res.text()).toBe(202);
  // shared/DESIGN.md's 202: {actionId, status: "processing", progress{…}}, with the run itself beside it.
  const body = await res.json();
  expect(body).toMatchObject({
    actionId: expect.any(String),
    status: "processing",
    progress: { stage: expect.any(String), status: expect.any(String), progress: expect.any(Number) },
    run: { actionId: body.actionId, status: "succeeded" },
  });
  expect(Object.keys(body.progress).sort()).toEqual(["currentStep", "estimatedTime", "progress", "stage", "status"]);
  return body.run;
}

async function errorOf(res: APIResponse, status: number, code: string) {
  expect(res.status(), await res.text()).toBe(status);
  const { error } = await res.json();
  expect(error).toMatchObject({ code, message: expect.any(String) });
  return error as { code: string; message: string; details?: unknown };
}

async function session(w: Writer, sessionId: string) {
  const res = await w.bearer.get(`${API}/sessions/${sessionId}`);
  expect(res.status()).toBe(200);
  return res.json();
}

/** A session that has chosen its own topic and moved on to research. */
async function atResearch(w: Writer) {
  const { sessionId, articleId } = await startSession(w);
  await accepted(await act(w, sessionId, "select_topic", { title: "Why tabs beat spaces" }));
  await accepted(await act(w, sessionId, "approve"));
  return { sessionId, articleId };
}

const eventsOf = async (w: Writer, sessionId: string, after = 0) => (await w.cookie.get(`${API}/sessions/${sessionId}/events?after=${after}`)).json();

test.describe(`POST ${API}/sessions/{id}/actions`, () => {
  test("approve at topic without a selected topic → 409 wrong_stage, the session stays", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    const error = await errorOf(await act(writerA, sessionId, "approve"), 409, "wrong_stage");
    expect(error.message).toContain("select_topic");
    expect((await session(writerA, sessionId)).progress).toMatchObject({ stage: "topic", status: "idle" });
  });

  test("select_topic with an own title, then approve → 202 succeeded and the session at research", async ({ writerA }) => {
    const { sessionId, articleId } = await startSession(writerA);
    const selected = await accepted(await act(writerA, sessionId, "select_topic", { title: "Sourdough at altitude", angle: "physics" }));
    expect(selected).toMatchObject({ action: "select_topic", stage: "topic", progress: 100 });
    expect(selected.result.selected).toMatchObject({ id: expect.stringMatching(/^own-/), title: "Sourdough at altitude", angle: "physics" });
    const approved = await accepted(await act(writerA, sessionId, "approve"));
    expect(approved).toMatchObject({ action: "approve", stage: "topic", result: { stage: "research" } });
    const view = await session(writerA, sessionId);
    expect(view.progress).toMatchObject({ stage: "research", status: "idle" });
    expect(view.capabilities).toEqual(["suggestions", "autoComplete"]);
    expect(view.availableActions.map((a: { id: string }) => a.id)).toEqual(["start_research", "update_outline", "approve", "go_to_stage"]);
    expect(view.stageData.topic.selected.title).toBe("Sourdough at altitude");
    expect((await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json()).stage).toBe("research");
  });

  test("update_outline stores the sections with ids, visible in stageData.research.outline", async ({ writerA }) => {
    const { sessionId } = await atResearch(writerA);
    const sections = [{ title: "Intro", points: ["hook", "thesis"] }, { id: "keep-me", title: "Body", points: ["evidence"] }, { title: "Outro" }];
    const run = await accepted(await act(writerA, sessionId, "update_outline", { sections }));
    const outline = run.result.outline;
    expect(outline).toEqual([
      { id: expect.stringMatching(/^s-/), title: "Intro", points: ["hook", "thesis"] },
      { id: "keep-me", title: "Body", points: ["evidence"] },
      { id: expect.stringMatching(/^s-/), title: "Outro", points: [] },
    ]);
    expect(new Set(outline.map((s: { id: string }) => s.id)).size).toBe(3);
    expect((await session(writerA, sessionId)).stageData.research.outline).toEqual(outline);
  });

  test("go_to_stage moves back (outputs kept); forward or to the same stage → 409 wrong_stage", async ({ writerA }) => {
    const { sessionId } = await atResearch(writerA);
    await errorOf(await act(writerA, sessionId, "go_to_stage", { stage: "writing" }), 409, "wrong_stage");
    await errorOf(await act(writerA, sessionId, "go_to_stage", { stage: "research" }), 409, "wrong_stage");
    expect((await session(writerA, sessionId)).progress.stage).toBe("research");
    const back = await accepted(await act(writerA, sessionId, "go_to_stage", { stage: "topic" }));
    expect(back.result).toEqual({ stage: "topic" });
    const view = await session(writerA, sessionId);
    expect(view.progress).toMatchObject({ stage: "topic", status: "idle" });
    expect(view.stageData.topic.selected.title).toBe("Why tabs beat spaces");
    // Forward is approve's job, and go_to_stage does not exist at topic.
    await errorOf(await act(writerA, sessionId, "go_to_stage", { stage: "research" }), 409, "wrong_stage");
  });

  test("AI actions without a model → 503 model_not_configured naming OPENAI_API_KEY; no run is recorded", async ({ writerA, playwright, baseURL, sql }) => {
    // The harness may serve a second app without any model configured; otherwise the main app has none.
    const noModel = await playwright.request.newContext({
      baseURL: process.env.E2E_NO_MODEL_BASE_URL ?? baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${writerA.token}` },
    });
    try {
      const topic = await startSession(writerA);
      const writing = await startSession(writerA, { initialStage: "writing" });
      const attempts: [string, string, Record<string, unknown>][] = [
        [topic.sessionId, "discover_topics", { category: "technology", count: 3 }],
        [writing.sessionId, "write_draft", {}],
        [writing.sessionId, "revise_draft", { instruction: "shorter" }],
      ];
      for (const [sessionId, action, parameters] of attempts) {
        const res = await noModel.post(`${API}/sessions/${sessionId}/actions`, { data: { action, parameters } });
        const error = await errorOf(res, 503, "model_not_configured");
        expect(error.message).toContain("OPENAI_API_KEY");
      }
      for (const { sessionId } of [topic, writing]) {
        expect((await session(writerA, sessionId)).progress.status).toBe("idle");
        expect((await eventsOf(writerA, sessionId)).events).toEqual([]);
        expect((await sql.query(`SELECT id FROM "Run" WHERE "sessionId" = $1`, [sessionId])).rowCount).toBe(0);
      }
    } finally {
      await noModel.dispose();
    }
  });

  test("50 parallel approve calls naming the stage → exactly one 202, the rest 409 (three sessions in turn)", async ({ writerA }) => {
    for (let round = 0; round < 3; round++) {
      const { sessionId } = await startSession(writerA);
      await accepted(await act(writerA, sessionId, "select_topic", { title: `Race ${round}` }));
      // A double-clicked approve must not skip a stage: the client says which stage it approves.
      const results = await Promise.all(Array.from({ length: 50 }, () => act(writerA, sessionId, "approve", { stage: "topic" })));
      const statuses = results.map((r) => r.status());
      expect(
        statuses.filter((s) => s === 202),
        `round ${round}: ${statuses.join(",")}`,
      ).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      // One approval moves one stage: the session must not have skipped past research.
      expect((await session(writerA, sessionId)).progress).toMatchObject({ stage: "research", status: "idle" });
    }
  });

  test("50 parallel AI actions on one session → exactly one 202, the rest 409 session_busy", async ({ writerA, sql }) => {
    const { sessionId } = await startSession(writerA);
    // The accepted run must outlast the burst: a fast model could finish it and free the session for a
    // latecomer, which would then rightly be accepted too. Slow the shared fake model briefly.
    const admin = (process.env.E2E_FAKE_OPENAI_URL ?? "").replace(/\/v1$/, "");
    await fetch(`${admin}/__fake/latency`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ttftMs: 3000, tokensPerSecond: 3000 }),
    });
    let results: Awaited<ReturnType<typeof act>>[];
    try {
      results = await Promise.all(Array.from({ length: 50 }, () => act(writerA, sessionId, "discover_topics", { category: "ai", count: 2 })));
    } finally {
      await fetch(`${admin}/__fake/latency`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ttftMs: 20, tokensPerSecond: 3000 }),
      });
    }
    const statuses = results.map((r) => r.status());
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect((await sql.query(`SELECT id FROM "Run" WHERE "sessionId" = $1`, [sessionId])).rowCount).toBe(1);
  });

  test("a repeated idempotencyKey returns the same actionId and runs the action once", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    await accepted(await act(writerA, sessionId, "select_topic", { title: "Once" }));
    const first = await accepted(await act(writerA, sessionId, "approve", {}, { idempotencyKey: "approve-topic-1" }));
    const second = await accepted(await act(writerA, sessionId, "approve", {}, { idempotencyKey: "approve-topic-1" }));
    expect(second.actionId).toBe(first.actionId);
    expect((await session(writerA, sessionId)).progress.stage).toBe("research");
    const other = await accepted(await act(writerA, sessionId, "update_outline", { sections: [{ title: "A" }] }, { idempotencyKey: "outline-1" }));
    expect(other.actionId).not.toBe(first.actionId);
  });

  test("the same idempotencyKey sent 10 times in parallel → one run, and every answer is 202 with its actionId", async ({ writerA, sql }) => {
    // Five sessions at once, ten identical requests each: the race shows up reliably, not once in a while.
    const sessions = await Promise.all(Array.from({ length: 5 }, () => startSession(writerA)));
    const rounds = await Promise.all(
      sessions.map(({ sessionId }) =>
        Promise.all(Array.from({ length: 10 }, () => act(writerA, sessionId, "select_topic", { title: "Parallel" }, { idempotencyKey: "select-1" }))),
      ),
    );
    for (const [i, results] of rounds.entries()) {
      const answers = await Promise.all(results.map(async (r) => `${r.status()} ${await r.text()}`));
      for (const r of results) expect(r.status(), answers.join("\n")).toBe(202);
      const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).actionId)));
      expect(ids.size).toBe(1);
      const runs = await sql.query(`SELECT id FROM "Run" WHERE "sessionId" = $1`, [sessions[i].sessionId]);
      expect(runs.rows.map((r: { id: string }) => r.id)).toEqual([...ids]);
    }
  });
});

test.describe(`GET ${API}/sessions/{id}/actions/{actionId}`, () => {
  test("returns the run with its status, result and usage; cancelling a finished run → 409", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    const { actionId } = await accepted(await act(writerA, sessionId, "select_topic", { title: "Observable runs" }));
    const res = await writerA.cookie.get(`${API}/sessions/${sessionId}/actions/${actionId}`);
    expect(res.status()).toBe(200);
    const run = await res.json();
    expect(run).toMatchObject({
      actionId,
      action: "select_topic",
      stage: "topic",
      status: "succeeded",
      progress: 100,
      errorMessage: null,
      result: { selected: { title: "Observable runs" } },
      usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    });
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    await errorOf(await writerA.bearer.post(`${API}/sessions/${sessionId}/actions/${actionId}/cancel`), 409, "conflict");
    await errorOf(await writerA.bearer.get(`${API}/sessions/${sessionId}/actions/no-such-run`), 404, "not_found");
  });
});

test.describe(`GET ${API}/sessions/{id}/events`, () => {
  test("?after=0 lists every event with contiguous seq from 1; ?after=n continues from there", async ({ writerA }) => {
    const { sessionId } = await atResearch(writerA);
    await accepted(await act(writerA, sessionId, "update_outline", { sections: [{ title: "Only" }] }));
    await accepted(await act(writerA, sessionId, "go_to_stage", { stage: "topic" }));
    const { events, lastSeq } = await eventsOf(writerA, sessionId);
    expect(events.map((e: { metadata: { seq: number } }) => e.metadata.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(lastSeq).toBe(events.length);
    for (const e of events) {
      expect(EVENT_TYPES).toContain(e.type);
      expect(e.metadata).toMatchObject({ sessionId, eventId: expect.any(String), timestamp: expect.any(Number) });
    }
    expect(new Set(events.map((e: { metadata: { eventId: string } }) => e.metadata.eventId)).size).toBe(events.length);
    // One action.completed per action, in order, and the two stage moves.
    const completed = events.filter((e: { type: string }) => e.type === "action.completed").map((e: { data: { action: string } }) => e.data.action);
    expect(completed).toEqual(["select_topic", "approve", "update_outline", "go_to_stage"]);
    const moves = events.filter((e: { type: string; data: { from?: string } }) => e.type === "stage.change" && e.data.from);
    expect(moves.map((e: { data: { from: string; stage: string } }) => [e.data.from, e.data.stage])).toEqual([
      ["topic", "research"],
      ["research", "topic"],
    ]);
    const tail = await eventsOf(writerA, sessionId, 2);
    expect(tail.events.map((e: { metadata: { seq: number } }) => e.metadata.seq)).toEqual(Array.from({ length: events.length - 2 }, (_, i) => i + 3));
    expect(tail.lastSeq).toBe(lastSeq);
  });
});

test.describe(`DELETE ${API}/sessions/{id}`, () => {
  test("204, then the session is 404 and its article is still readable", async ({ writerA }) => {
    const { sessionId, articleId } = await atResearch(writerA);
    const res = await writerA.bearer.delete(`${API}/sessions/${sessionId}`);
    expect(res.status()).toBe(204);
    await errorOf(await writerA.bearer.get(`${API}/sessions/${sessionId}`), 404, "not_found");
    await errorOf(await writerA.cookie.get(`${API}/sessions/${sessionId}/events?after=0`), 404, "not_found");
    await errorOf(await writerA.bearer.delete(`${API}/sessions/${sessionId}`), 404, "not_found");
    const article = await writerA.cookie.get(`${API}/articles/${articleId}`);
    expect(article.status()).toBe(200);
    expect(await article.json()).toMatchObject({ id: articleId, stage: "research" });
    expect((await writerA.bearer.get(`${API}/articles/${articleId}/revisions`)).status()).toBe(200);
  });
});
