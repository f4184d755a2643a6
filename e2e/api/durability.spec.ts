// Durable runs: a `next start` process killed with SIGKILL in the middle of write_draft. This spec starts its
// own slow fake model and its own app server (same build, same database), kills the server's whole process
// group while the draft streams, restarts it, and checks that the run is resumed (or failed cleanly) once its
// lease has expired, that the session is usable again, and that no revision or event went missing.
import type { APIResponse, TestInfo } from "@playwright/test";
import { type FakeOpenAI, startFakeOpenAI } from "../../scripts/fake-openai/server";
import { type AppProcess, startAppProcess, stopAppProcess } from "../app-process";
import { expect, test, type Writer } from "../fixtures";

test.describe.configure({ mode: "serial" });

const API = "/api/genflow";
const LEASE_SECONDS = Number(process.env.GENFLOW_RUN_LEASE_SECONDS ?? 6);
/** ~1500 words take about 15 s at this speed: plenty of time to kill the server mid-draft. */
const SLOW = { ttftMs: 200, tokensPerSecond: 120 };
const FAST = { ttftMs: 20, tokensPerSecond: 3000 };
const TERMINAL = ["succeeded", "failed", "cancelled"];

let fake: FakeOpenAI | undefined;
let app: AppProcess | undefined;
/** Every server this spec started, killed ones too (their output goes with a failure's report). */
const apps: AppProcess[] = [];

async function startApp(model: FakeOpenAI): Promise<AppProcess> {
  const started = await startAppProcess({
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: process.env.OPENAI_API_KEY ?? "fake-key",
    GENFLOW_MODEL: process.env.GENFLOW_MODEL ?? "fake-writer-1",
  });
  apps.push(started);
  return started;
}

async function pollUntil<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 300 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function json(res: APIResponse, status = 200) {
  expect(res.status(), `${res.url()}: ${await res.text()}`).toBe(status);
  return res.json();
}

/** Calls the spec's own server with writerA's token (absolute URLs override the context's baseURL). */
function api(writer: Writer) {
  const url = (path: string) => `${app?.url}${API}${path}`;
  return {
    get: async (path: string) => json(await writer.bearer.get(url(path))),
    post: async (path: string, data: Record<string, unknown>) => json(await writer.bearer.post(url(path), { data })),
    act: (sessionId: string, action: string, parameters: Record<string, unknown> = {}) =>
      writer.bearer.post(url(`/sessions/${sessionId}/actions`), { data: { action, parameters } }),
    /** A session in the writing stage with a three-section outline (no model call needed). */
    async atWriting(title: string) {
      const created = await json(await writer.bearer.post(url("/sessions"), { data: { initialStage: "research", title } }), 201);
      const { sessionId, articleId } = created as { sessionId: string; articleId: string };
      const sections = [
        { title: "Why it matters", points: ["the problem", "who is affected"] },
        { title: "How it works", points: ["mechanism", "an example"] },
        { title: "What to do next", points: ["practical steps"] },
      ];
      expect((await json(await this.act(sessionId, "update_outline", { sections }), 202)).run.status).toBe("succeeded");
      expect((await json(await this.act(sessionId, "approve", { stage: "research" }), 202)).run.result).toEqual({ stage: "writing" });
      return { sessionId, articleId };
    },
    async events(sessionId: string) {
      const all: { type: string; data: Record<string, unknown>; metadata: { seq: number } }[] = [];
      for (;;) {
        const page = await this.get(`/sessions/${sessionId}/events?after=${all.at(-1)?.metadata.seq ?? 0}&limit=1000`);
        all.push(...page.events);
        if (page.events.length < 1000) return { events: all, lastSeq: page.lastSeq as number };
      }
    },
    async revisions(articleId: string) {
      const { revisions } = await this.get(`/articles/${articleId}/revisions`);
      return revisions as { id: string; version: number; source: string; note: string | null }[];
    },
    async waitForRun(sessionId: string, actionId: string, timeoutMs = 60_000) {
      return pollUntil(
        `run ${actionId} to end`,
        async () => {
          const run = await this.get(`/sessions/${sessionId}/actions/${actionId}`);
          return TERMINAL.includes(run.status) ? run : undefined;
        },
        { timeoutMs },
      );
    },
    /** Polls the session (the read that recovers a dead run) until it is no longer processing. */
    async waitUntilNotProcessing(sessionId: string, timeoutMs: number) {
      return pollUntil(
        `session ${sessionId} to leave processing`,
        async () => {
          const view = await this.get(`/sessions/${sessionId}`);
          return view.progress.status === "processing" ? undefined : view;
        },
        { timeoutMs, intervalMs: 250 },
      );
    },
  };
}

async function draftDeltaSeqs(client: ReturnType<typeof api>, sessionId: string, after = 0) {
  const { events } = await client.events(sessionId);
  return events.filter((e) => e.type === "draft.delta" && e.metadata.seq > after).map((e) => e.metadata.seq);
}

async function expectHistoryIntact(client: ReturnType<typeof api>, sessionId: string, articleId: string, before: { id: string; version: number }[]) {
  const article = await client.get(`/articles/${articleId}`);
  const revisions = await client.revisions(articleId);
  const versions = revisions.map((r) => r.version).sort((a, b) => a - b);
  expect(versions, "revision versions run 1..article.version without gaps").toEqual(Array.from({ length: article.version }, (_, i) => i + 1));
  for (const kept of before) expect(revisions.find((r) => r.id === kept.id)?.version, `revision ${kept.version} survived`).toBe(kept.version);
  const { events, lastSeq } = await client.events(sessionId);
  expect(
    events.map((e) => e.metadata.seq),
    "event seq contiguous from 1",
  ).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  expect(lastSeq).toBe(events.length);
  return { article, revisions, events };
}

async function attachLogs(testInfo: TestInfo) {
  if (testInfo.status !== testInfo.expectedStatus) {
    const body = apps.map((started) => `[${started.url} pid ${started.child.pid}]\n${started.output()}`).join("\n");
    await testInfo.attach("next-start logs", { body, contentType: "text/plain" });
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fake = await startFakeOpenAI({ latency: SLOW });
  app = await startApp(fake);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  for (const started of apps) if (started.child.exitCode === null && started.child.signalCode === null) await stopAppProcess(started);
  await fake?.stop();
});

test.afterEach(async ({}, testInfo) => attachLogs(testInfo));

test.describe("durable runs across a SIGKILL of the server", () => {
  test("SIGKILL during write_draft: the run is resumed (or failed cleanly) after its lease, nothing is lost, the session takes new actions", async ({
    writerA,
    sql,
  }) => {
    test.setTimeout(180_000);
    if (!fake || !app) throw new Error("beforeAll did not start the fake model and the app");
    fake.setLatency(SLOW);
    const client = api(writerA);
    const { sessionId, articleId } = await client.atWriting("Killed mid-draft");

    const started = await json(await client.act(sessionId, "write_draft", { targetLength: 1500 }), 202);
    const actionId = started.actionId as string;
    expect(started.status).toBe("processing");
    expect(started.run.status).toMatch(/queued|running/);
    await pollUntil("draft.delta events", async () => ((await draftDeltaSeqs(client, sessionId)).length >= 2 ? true : undefined), { timeoutMs: 30_000 });

    // The state just before the kill: the run is mid-draft, the article still at its first version.
    const runBefore = await client.get(`/sessions/${sessionId}/actions/${actionId}`);
    expect(runBefore.status, "the draft must still be streaming when the server is killed").toBe("running");
    const articleBefore = await client.get(`/articles/${articleId}`);
    const revisionsBefore = await client.revisions(articleId);
    expect(revisionsBefore.length).toBe(articleBefore.version);

    const killedPid = app.child.pid;
    const killedAt = Date.now();
    await stopAppProcess(app, "SIGKILL");
    expect(app.child.signalCode ?? app.child.exitCode, `next start (pid ${killedPid}) is gone`).not.toBeNull();
    await expect(fetch(`${app.url}/api/health`)).rejects.toThrow();
    const beforeRestart = await sql.query(`SELECT status, attempts FROM "Run" WHERE id = $1`, [actionId]);
    expect(beforeRestart.rows[0]).toEqual({ status: "running", attempts: 1 });
    const seqAtKill = (await sql.query(`SELECT "lastSeq" FROM "Session" WHERE id = $1`, [sessionId])).rows[0].lastSeq as number;

    // A new process, a fast model: reading the session recovers the run once its lease (6 s) has expired.
    fake.setLatency(FAST);
    app = await startApp(fake);
    const view = await client.waitUntilNotProcessing(sessionId, 45_000);
    const recoveredIn = Date.now() - killedAt;
    expect(recoveredIn, `recovered after ${recoveredIn} ms`).toBeLessThan(45_000);
    expect(recoveredIn, "not before the lease could have expired").toBeGreaterThanOrEqual(LEASE_SECONDS * 1000 - 2_500);

    const run = await client.waitForRun(sessionId, actionId);
    expect(["succeeded", "failed"]).toContain(run.status);
    test.info().annotations.push({ type: "recovery", description: `${run.status} after ${recoveredIn} ms` });
    console.log(`[durability] the killed run ended ${run.status}; the session left processing ${recoveredIn} ms after the kill`);
    if (run.status === "succeeded") {
      expect(view.progress.status).toBe("idle");
      expect(run.errorMessage).toBeNull();
      expect(run.result).toMatchObject({ targetLength: 1500, length: expect.any(Number) });
      expect((await sql.query(`SELECT attempts FROM "Run" WHERE id = $1`, [actionId])).rows[0].attempts).toBe(2);
    } else {
      expect(view.progress.status).toBe("error");
      expect(run.errorMessage).toMatch(/server stopped|retry/i);
    }
    const draftRevisions = (await client.revisions(articleId)).filter((r) => r.version > articleBefore.version);
    expect(draftRevisions.length, "a resumed run applies its draft exactly once").toBe(run.status === "succeeded" ? 1 : 0);
    const article = await client.get(`/articles/${articleId}`);
    if (run.status === "succeeded") {
      expect(article.content.split(/\s+/).length).toBeGreaterThan(500);
      // Realtime readers can tell the restart: the resumed attempt's draft.delta events start again at offset 0,
      // and from there they add up to exactly the stored draft.
      const deltas = (await client.events(sessionId)).events.filter((e) => e.type === "draft.delta");
      const starts = deltas.flatMap((d, i) => (d.data.offset === 0 ? [i] : []));
      expect(starts.length, "one offset-0 delta per attempt").toBe(2);
      const resumed = deltas.slice(starts[1]);
      expect(resumed[0].metadata.seq).toBeGreaterThan(seqAtKill);
      let offset = 0;
      for (const d of resumed) {
        expect(d.data.offset).toBe(offset);
        offset += String(d.data.text).length;
      }
      expect(resumed.map((d) => d.data.text).join("")).toBe(article.content);
    }

    // The session is usable: a new AI action is accepted and runs to the end.
    const next =
      run.status === "succeeded"
        ? await client.act(sessionId, "revise_draft", { instruction: "Tighten the introduction" })
        : await client.act(sessionId, "write_draft", { targetLength: 300 });
    const nextRun = await json(next, 202);
    const nextDone = await client.waitForRun(sessionId, nextRun.actionId);
    expect(nextDone.status).toBe("succeeded");
    expect((await client.get(`/sessions/${sessionId}`)).progress.status).toBe("idle");
    if (run.status === "succeeded") {
      // A revision of the draft is a proposal: it becomes a revision when the writer accepts it.
      const { version } = await client.get(`/articles/${articleId}`);
      await client.post(`/articles/${articleId}/proposals/${nextDone.result.proposalId}/accept`, { version });
    }

    const { article: finalArticle, events } = await expectHistoryIntact(client, sessionId, articleId, revisionsBefore);
    expect(finalArticle.version).toBe(articleBefore.version + draftRevisions.length + 1);
    const completed = events.filter((e) => e.type === "action.completed" && e.data.actionId === actionId);
    expect(completed.length, "one action.completed for the killed run").toBe(run.status === "succeeded" ? 1 : 0);
  });

  test("killed twice (attempts exhausted): the run is failed with a clear message, the session is in error and offers retry, which runs write_draft again", async ({
    writerA,
    sql,
  }) => {
    test.setTimeout(240_000);
    if (!fake || !app) throw new Error("beforeAll did not start the fake model and the app");
    fake.setLatency(SLOW);
    const client = api(writerA);
    const { sessionId, articleId } = await client.atWriting("Killed twice");
    const { actionId } = await json(await client.act(sessionId, "write_draft", { targetLength: 1500 }), 202);
    await pollUntil("draft.delta events", async () => ((await draftDeltaSeqs(client, sessionId)).length >= 2 ? true : undefined), { timeoutMs: 30_000 });
    const revisionsBefore = await client.revisions(articleId);
    const articleBefore = await client.get(`/articles/${articleId}`);

    // First kill: after the lease, reading the session resumes the run (attempt 2), still slowly.
    await stopAppProcess(app, "SIGKILL");
    const seqAtFirstKill = (await sql.query(`SELECT "lastSeq" FROM "Session" WHERE id = $1`, [sessionId])).rows[0].lastSeq as number;
    app = await startApp(fake);
    await pollUntil(
      "the resumed attempt to stream",
      async () => {
        const view = await client.get(`/sessions/${sessionId}`);
        expect(view.progress.status, "the resumed attempt must still be running").toBe("processing");
        return (await draftDeltaSeqs(client, sessionId, seqAtFirstKill)).length >= 2 ? true : undefined;
      },
      { timeoutMs: 45_000 },
    );
    expect((await sql.query(`SELECT status, attempts FROM "Run" WHERE id = $1`, [actionId])).rows[0]).toEqual({ status: "running", attempts: 2 });

    // Second kill: no attempts left, so recovery fails the run cleanly.
    const killedAt = Date.now();
    await stopAppProcess(app, "SIGKILL");
    fake.setLatency(FAST);
    app = await startApp(fake);
    const view = await client.waitUntilNotProcessing(sessionId, 45_000);
    expect(Date.now() - killedAt).toBeLessThan(45_000);
    expect(view.progress.status).toBe("error");
    expect(view.errorMessage).toMatch(/server stopped/i);
    // In error the session offers retry and the way back (the seed's contract), not the stage's whole list.
    expect(view.availableActions.map((a: { id: string }) => a.id)).toEqual(["retry", "go_to_stage"]);
    const run = await client.get(`/sessions/${sessionId}/actions/${actionId}`);
    expect(run).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/server stopped.*retry/i), finishedAt: expect.any(String) });
    expect((await client.revisions(articleId)).length, "a failed run adds no revision").toBe(revisionsBefore.length);

    // A clear error event for the run; `retry` runs write_draft again with its parameters.
    const errors = (await client.events(sessionId)).events.filter((e) => e.type === "error" && e.data.actionId === actionId);
    expect(errors).toHaveLength(1);
    expect(errors[0].data).toMatchObject({ message: expect.stringMatching(/server stopped/i), retryable: true });
    const retry = await json(await client.act(sessionId, "retry"), 202);
    expect(retry.run).toMatchObject({ action: "write_draft" });
    expect((await client.waitForRun(sessionId, retry.actionId)).status).toBe("succeeded");
    expect((await client.get(`/sessions/${sessionId}`)).progress).toMatchObject({ status: "idle" });

    const { article } = await expectHistoryIntact(client, sessionId, articleId, revisionsBefore);
    expect(article.version).toBe(articleBefore.version + 1);
  });
});
