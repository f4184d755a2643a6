// POST /api/genflow/sessions/{id}/actions with `Accept: text/event-stream`: the AI SDK UI message stream of the
// run (data-run, text-start/-delta/-end, data-progress, data-result), a run that outlives its disconnected
// client, state actions answered at once, a failed run, and the cases that cannot start answered as JSON.
import { expect, startSession, test, type Writer } from "../fixtures";

const API = "/api/genflow";
const SSE = { accept: "text/event-stream" };
const TERMINAL = ["succeeded", "failed", "cancelled"];

interface Part {
  type: string;
  id?: string;
  delta?: string;
  data?: Record<string, unknown>;
  errorText?: string;
  transient?: boolean;
}

/** Parses an SSE body of `data: {json}` events ending with `data: [DONE]`. */
function parseSse(body: string): Part[] {
  const payloads = body
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice("data: ".length));
  expect(payloads.at(-1), "the stream ends with data: [DONE]").toBe("[DONE]");
  expect(payloads.filter((p) => p === "[DONE]")).toHaveLength(1);
  return payloads.slice(0, -1).map((p) => JSON.parse(p) as Part);
}

const act = (w: Writer, sessionId: string, action: string, parameters: Record<string, unknown> = {}) =>
  w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action, parameters } });

const actStream = (w: Writer, sessionId: string, action: string, parameters: Record<string, unknown> = {}) =>
  w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action, parameters }, headers: SSE, timeout: 60_000 });

/** A session in the writing stage with a three-section outline (state actions only, no model). */
async function atWriting(w: Writer, title: string) {
  const { sessionId, articleId } = await startSession(w, { initialStage: "research", title });
  const sections = [{ title: "Context", points: ["why now"] }, { title: "Method", points: ["steps", "pitfalls"] }, { title: "Outcome" }];
  expect((await act(w, sessionId, "update_outline", { sections })).status()).toBe(202);
  expect((await act(w, sessionId, "approve", { stage: "research" })).status()).toBe(202);
  return { sessionId, articleId };
}

async function waitForRun(w: Writer, sessionId: string, actionId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await w.bearer.get(`${API}/sessions/${sessionId}/actions/${actionId}`);
    expect(res.status()).toBe(200);
    const run = await res.json();
    if (TERMINAL.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${actionId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A raw `fetch` of the stream (the body is read incrementally, and the client may go away). */
async function openStream(w: Writer, baseURL: string | undefined, sessionId: string, parameters: Record<string, unknown>, signal?: AbortSignal) {
  const res = await fetch(`${process.env.E2E_BASE_URL ?? baseURL}${API}/sessions/${sessionId}/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json", ...SSE },
    body: JSON.stringify({ action: "write_draft", parameters }),
    signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const actionId = res.headers.get("x-genflow-action-id");
  if (!actionId || !res.body) throw new Error("the stream has no x-genflow-action-id header or no body");
  return { actionId, reader: res.body.getReader() };
}

const revisionsOf = async (w: Writer, articleId: string) =>
  (await (await w.bearer.get(`${API}/articles/${articleId}/revisions`)).json()).revisions as { id: string; version: number; note: string | null }[];

test.describe(`POST ${API}/sessions/{id}/actions with Accept: text/event-stream`, () => {
  test("write_draft streams data-run, text-start, text-deltas equal to the stored article, text-end and data-result succeeded", async ({ writerA }) => {
    const { sessionId, articleId } = await atWriting(writerA, "Streaming a draft");
    const res = await actStream(writerA, sessionId, "write_draft", { targetLength: 600 });
    expect(res.status(), await res.text()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/event-stream");
    const actionId = res.headers()["x-genflow-action-id"];
    expect(actionId).toBeTruthy();
    const parts = parseSse(await res.text());
    const types = parts.map((p) => p.type);

    expect(parts[0]).toEqual({ type: "data-run", data: { actionId, status: expect.stringMatching(/^(queued|running)$/) } });
    const start = types.indexOf("text-start");
    const end = types.indexOf("text-end");
    const result = types.indexOf("data-result");
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(result).toBe(parts.length - 1);
    expect(end).toBeLessThan(result);
    expect(types.filter((t) => t === "text-start")).toHaveLength(1);
    expect(types.filter((t) => t === "text-end")).toHaveLength(1);
    expect(types).not.toContain("error");

    const deltas = parts.filter((p) => p.type === "text-delta");
    expect(deltas.length, "many text-delta parts, not one blob").toBeGreaterThan(50);
    for (const d of deltas) expect(d.id).toBe(parts[start].id);
    // Deltas only between text-start and text-end.
    expect(types.slice(start + 1, end).every((t) => t === "text-delta" || t === "data-progress")).toBe(true);
    for (const p of parts.filter((p) => p.type === "data-progress")) {
      expect(p).toMatchObject({ transient: true, data: { progress: expect.any(Number), currentStep: expect.any(String) } });
    }
    expect(parts[result].data).toMatchObject({ status: "succeeded", error: null, result: { targetLength: 600, length: expect.any(Number) } });

    const article = await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json();
    const streamed = deltas.map((d) => d.delta).join("");
    expect(streamed.length).toBeGreaterThan(500);
    expect(streamed).toBe(article.content);

    // The stream's verdict is the stored run's.
    const run = await waitForRun(writerA, sessionId, actionId);
    expect(run).toMatchObject({ actionId, status: "succeeded", result: parts[result].data?.result });
  });

  test("the run goes on when the client disconnects after the first chunk: it succeeds and adds a revision", async ({ writerA, baseURL }) => {
    test.setTimeout(120_000);
    const { sessionId, articleId } = await atWriting(writerA, "Disconnected reader");
    const before = await revisionsOf(writerA, articleId);
    const controller = new AbortController();
    const { actionId, reader } = await openStream(writerA, baseURL, sessionId, { targetLength: 8000 }, controller.signal);
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(new TextDecoder().decode(first.value)).toContain('"type":"data-run"');
    controller.abort();
    await reader.cancel().catch(() => {});

    // Still working after the client went away, and still the only action of the session.
    const running = await (await writerA.bearer.get(`${API}/sessions/${sessionId}/actions/${actionId}`)).json();
    expect(["queued", "running"]).toContain(running.status);
    const busy = await actStream(writerA, sessionId, "write_draft", { targetLength: 300 });
    expect(busy.status()).toBe(409);
    expect(busy.headers()["content-type"]).toContain("application/json");
    expect((await busy.json()).error).toMatchObject({ code: "session_busy" });

    const run = await waitForRun(writerA, sessionId, actionId, 90_000);
    expect(run).toMatchObject({ status: "succeeded", errorMessage: null, result: { targetLength: 8000 } });
    const after = await revisionsOf(writerA, articleId);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ version: before[0].version + 1, note: "draft" });
    const article = await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json();
    expect(article.version).toBe(after[0].version);
    expect(article.content.split(/\s+/).length).toBeGreaterThan(3000);
    const session = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(session.progress.status).toBe("idle");
  });

  test("cancelling a streamed run ends the stream with data-result cancelled, matching the stored run", async ({ writerA, baseURL }) => {
    test.setTimeout(90_000);
    const { sessionId, articleId } = await atWriting(writerA, "Cancelled while streaming");
    const { actionId, reader } = await openStream(writerA, baseURL, sessionId, { targetLength: 8000 });
    const decoder = new TextDecoder();
    let body = "";
    let cancelled = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      body += decoder.decode(value, { stream: true });
      if (!cancelled && body.includes('"type":"text-delta"')) {
        cancelled = true;
        const cancel = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions/${actionId}/cancel`);
        expect(cancel.status(), await cancel.text()).toBe(200);
        expect((await cancel.json()).status).toBe("cancelled");
      }
    }
    expect(cancelled, "the stream delivered text before it ended").toBe(true);
    const run = await waitForRun(writerA, sessionId, actionId);
    expect(run.status).toBe("cancelled");
    const parts = parseSse(body);
    const result = parts.find((p) => p.type === "data-result");
    // The stream's verdict must be the stored run's: a cancelled run is not reported as a failure.
    expect(result?.data?.status).toBe(run.status);
    expect(parts.map((p) => p.type)).not.toContain("error");
    expect(await revisionsOf(writerA, articleId)).toHaveLength(1);
    expect((await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json()).progress.status).toBe("idle");
  });

  test("a state action (approve) answers data-run and data-result at once", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "research", title: "Approve by stream" });
    expect((await act(writerA, sessionId, "update_outline", { sections: [{ title: "Only" }] })).status()).toBe(202);
    const startedAt = Date.now();
    const res = await actStream(writerA, sessionId, "approve", { stage: "research" });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/event-stream");
    const actionId = res.headers()["x-genflow-action-id"];
    const parts = parseSse(await res.text());
    expect(parts).toEqual([
      { type: "data-run", data: { actionId, status: "succeeded" } },
      { type: "data-result", data: { status: "succeeded", result: { stage: "writing" }, error: null } },
    ]);
    const session = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(session.progress).toMatchObject({ stage: "writing", status: "idle" });
  });

  test("a run that fails (write_draft without an outline) ends with data-result failed and an error part", async ({ writerA }) => {
    const { sessionId, articleId } = await startSession(writerA, { initialStage: "writing", title: "No outline" });
    const res = await actStream(writerA, sessionId, "write_draft", { targetLength: 300 });
    expect(res.status()).toBe(200);
    const actionId = res.headers()["x-genflow-action-id"];
    const parts = parseSse(await res.text());
    expect(parts.map((p) => p.type)).toEqual(["data-run", "data-result", "error"]);
    expect(parts[1].data).toMatchObject({ status: "failed", result: null, error: expect.stringMatching(/outline/i) });
    expect(parts[2].errorText).toBe(parts[1].data?.error);
    const run = await waitForRun(writerA, sessionId, actionId);
    expect(run).toMatchObject({ status: "failed", errorMessage: parts[1].data?.error });
    const session = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(session.progress.status).toBe("error");
    expect(await revisionsOf(writerA, articleId)).toHaveLength(1);
  });

  test("an AI action that cannot start (no model configured) → 503 JSON error, not a stream", async ({ writerA, playwright, sql }) => {
    const noModelUrl = process.env.E2E_NO_MODEL_BASE_URL;
    expect(noModelUrl, "scripts/test/run-e2e.ts serves a second app without a model").toBeTruthy();
    const noModel = await playwright.request.newContext({ baseURL: noModelUrl, extraHTTPHeaders: { authorization: `Bearer ${writerA.token}` } });
    try {
      const { sessionId } = await atWriting(writerA, "No model here");
      const res = await noModel.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "write_draft", parameters: {} }, headers: SSE });
      expect(res.status()).toBe(503);
      expect(res.headers()["content-type"]).toContain("application/json");
      expect(res.headers()["x-genflow-action-id"]).toBeUndefined();
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "model_not_configured", message: expect.stringContaining("OPENAI_API_KEY") });
      expect((await sql.query(`SELECT id FROM "Run" WHERE "sessionId" = $1 AND action = 'write_draft'`, [sessionId])).rowCount).toBe(0);
      const session = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
      expect(session.progress).toMatchObject({ stage: "writing", status: "idle" });
    } finally {
      await noModel.dispose();
    }
  });
});
