import { expect, startSession, test } from "../fixtures";
import { runAction, runWholePipeline, sessionEvents } from "../pipeline";
import { connectRealtime, type RecordedEvent } from "../realtime-client";

const baseURL = () => process.env.E2E_BASE_URL ?? "";

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const seqs = (events: RecordedEvent[]) => events.map((e) => e.metadata.seq);

test.describe("realtime: private-session-{id} on the Pusher-compatible server", () => {
  test("a pusher-js client receives every event of a whole pipeline, in seq order", async ({ writerA }) => {
    test.setTimeout(120_000);
    const { sessionId } = await startSession(writerA);
    const client = connectRealtime({ baseURL: baseURL(), token: writerA.token, sessionId });
    await client.subscribed;
    await runWholePipeline(writerA, sessionId);
    const { lastSeq, events } = await sessionEvents(writerA, sessionId);
    await waitFor(() => client.events.length >= lastSeq, `${lastSeq} events over Pusher (got ${client.events.length})`);
    client.disconnect();
    expect(seqs(client.events)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    expect(client.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
    for (const type of [
      "topics.discovered",
      "research.completed",
      "draft.delta",
      "draft.completed",
      "style.applied",
      "review.completed",
      "action.completed",
      "stage.change",
      "progress.update",
    ]) {
      expect(
        client.events.some((e) => e.type === type),
        type,
      ).toBe(true);
    }
    // The envelope of the seed: type, data, metadata {timestamp, eventId, sessionId, seq}.
    expect(client.events[0]).toMatchObject({ metadata: { sessionId, seq: 1, eventId: expect.any(String), timestamp: expect.any(Number) } });
  });

  test("subscribing to another writer's session is refused by /api/pusher/auth (403)", async ({ writerA, writerB }) => {
    const { sessionId } = await startSession(writerB);
    const res = await writerA.bearer.post("/api/pusher/auth", { form: { socket_id: "123.456", channel_name: `private-session-${sessionId}` } });
    expect(res.status()).toBe(403);
    const other = await writerA.bearer.post("/api/pusher/auth", { form: { socket_id: "123.456", channel_name: "private-admin" } });
    expect(other.status()).toBe(403);
    const client = connectRealtime({ baseURL: baseURL(), token: writerA.token, sessionId });
    await expect(client.subscribed).rejects.toThrow(/auth 403|refused/);
    client.disconnect();
    const mine = await writerB.bearer.post("/api/pusher/auth", { form: { socket_id: "123.456", channel_name: `private-session-${sessionId}` } });
    expect(mine.status()).toBe(200);
    expect((await mine.json()).auth).toMatch(/^[\w-]+:[0-9a-f]{64}$/);
  });

  test("a forged channel signature is refused by the Pusher server", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    const client = connectRealtime({ baseURL: baseURL(), token: writerA.token, sessionId, forgeAuth: true });
    await expect(client.subscribed).rejects.toThrow(/refused/);
    client.disconnect();
  });

  test("after a forced disconnect mid-run, catch-up from the event log yields a contiguous seq", async ({ writerA }) => {
    test.setTimeout(90_000);
    const { sessionId } = await startSession(writerA, { initialStage: "research" });
    await runAction(writerA, sessionId, "update_outline", { sections: [1, 2, 3, 4].map((n) => ({ title: `Part ${n}`, points: ["point"] })) });
    await runAction(writerA, sessionId, "approve", { stage: "research" });
    const before = (await sessionEvents(writerA, sessionId)).lastSeq;
    const first = connectRealtime({ baseURL: baseURL(), token: writerA.token, sessionId });
    await first.subscribed;
    const started = await writerA.bearer.post(`/api/genflow/sessions/${sessionId}/actions`, {
      data: { action: "write_draft", parameters: { targetLength: 4000 } },
    });
    expect(started.status()).toBe(202);
    const { actionId } = await started.json();
    await waitFor(() => first.events.some((e) => e.type === "draft.delta"), "the first draft.delta");
    first.disconnect();
    const seen = [...first.events];
    await waitFor(
      async () => {
        const run = await (await writerA.bearer.get(`/api/genflow/sessions/${sessionId}/actions/${actionId}`)).json();
        return run.status === "succeeded";
      },
      "the draft to finish",
      60_000,
    );
    // Reconnect: what was missed comes from the log, after the last seq this client saw.
    const second = connectRealtime({ baseURL: baseURL(), token: writerA.token, sessionId });
    await second.subscribed;
    const lastSeen = seen.at(-1)?.metadata.seq ?? 0;
    const missed = await sessionEvents(writerA, sessionId, lastSeen);
    second.disconnect();
    const all = [...seen.map((e) => e.metadata.seq), ...missed.events.map((e) => e.metadata.seq)];
    expect(all).toEqual(Array.from({ length: missed.lastSeq - before }, (_, i) => before + i + 1));
    expect(missed.events.some((e) => e.type === "draft.completed")).toBe(true);
  });
});
