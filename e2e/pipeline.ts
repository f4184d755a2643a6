// Driving a session through the API like an integrator: start an action, wait for its run to end.
import { expect } from "@playwright/test";
import type { Writer } from "./fixtures";

const API = "/api/genflow";

/** An action's run as GET /sessions/{id}/actions/{actionId} answers it. */
export async function readAction(w: Writer, sessionId: string, actionId: string) {
  return (await (await w.bearer.get(`${API}/sessions/${sessionId}/actions/${actionId}`)).json()) as {
    status: string;
    errorMessage: string | null;
    result: unknown;
  };
}

export async function runAction(w: Writer, sessionId: string, action: string, parameters: Record<string, unknown> = {}) {
  const res = await w.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action, parameters } });
  expect(res.status(), `${action}: ${await res.text()}`).toBe(202);
  const { actionId } = (await res.json()) as { actionId: string };
  for (let i = 0; i < 600; i++) {
    const run = await readAction(w, sessionId, actionId);
    if (run.status !== "queued" && run.status !== "running") {
      expect(run.status, `${action}: ${run.errorMessage}`).toBe("succeeded");
      return { actionId, ...run };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${action} did not finish`);
}

export async function sessionEvents(w: Writer, sessionId: string, after = 0) {
  return (await (await w.bearer.get(`${API}/sessions/${sessionId}/events?after=${after}&limit=1000`)).json()) as {
    events: { type: string; metadata: { seq: number } }[];
    lastSeq: number;
  };
}

/** topic → publish on the fake model, through the public API. */
export async function runWholePipeline(w: Writer, sessionId: string) {
  const topics = await runAction(w, sessionId, "discover_topics", { category: "urban farming", count: 3 });
  const first = (topics.result as { topics: { id: string }[] }).topics[0];
  await runAction(w, sessionId, "select_topic", { topicId: first.id });
  await runAction(w, sessionId, "approve", { stage: "topic" });
  await runAction(w, sessionId, "research_topic", { sources: [{ title: "Notes", text: "Rooftop farms cool buildings and feed neighbourhoods." }] });
  await runAction(w, sessionId, "approve", { stage: "research" });
  await runAction(w, sessionId, "write_draft", { targetLength: 500 });
  await runAction(w, sessionId, "approve", { stage: "writing" });
  await runAction(w, sessionId, "apply_style", { preset: "storytelling", platform: "blog" });
  await runAction(w, sessionId, "approve", { stage: "styling" });
  await runAction(w, sessionId, "review_article");
  await runAction(w, sessionId, "approve", { stage: "review" });
  await runAction(w, sessionId, "export_article", { format: "md" });
  await runAction(w, sessionId, "complete");
}
