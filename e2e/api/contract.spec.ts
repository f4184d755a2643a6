// Finding 8: the API contract of shared/DESIGN.md and the seed — the 202 of an action, discover_topics'
// default category, retry + go back in `error`, and lastMessage.
import { expect, startSession, test } from "../fixtures";

const API = "/api/genflow";

test.describe(`POST ${API}/sessions/{id}/actions`, () => {
  test("202 {actionId, status:'processing', progress{stage,status,progress,currentStep,estimatedTime}}", async ({ writerA }) => {
    const { sessionId } = await startSession(writerA);
    const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "select_topic", parameters: { title: "Contract" } } });
    expect(res.status()).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({
      actionId: expect.any(String),
      status: "processing",
      progress: { stage: "topic", status: expect.any(String), progress: expect.any(Number) },
    });
    expect(Object.keys(body.progress).sort()).toEqual(["currentStep", "estimatedTime", "progress", "stage", "status"]);
    expect(body.run).toMatchObject({ actionId: body.actionId, action: "select_topic", status: "succeeded" });
  });

  test("discover_topics without a category → 202, defaulted by the session's language (technology / 技术)", async ({ writerA, sql }) => {
    for (const [language, category] of [
      ["en", "technology"],
      ["zh", "技术"],
    ]) {
      const { sessionId } = await startSession(writerA, { language });
      const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "discover_topics", parameters: {} } });
      expect(res.status(), await res.text()).toBe(202);
      const { actionId } = await res.json();
      const { rows } = await sql.query(`SELECT parameters FROM "Run" WHERE id = $1`, [actionId]);
      expect(rows[0].parameters).toMatchObject({ category, count: 5 });
    }
  });

  test("in error the session offers retry (+ go back past the first stage); retry runs the failed action again", async ({ writerA, sql }) => {
    const { sessionId } = await startSession(writerA, { initialStage: "research" });
    // A failed run, as the executor leaves it (no model needed: the failed action is a state action).
    await sql.query(
      `INSERT INTO "Run" (id, "sessionId", action, stage, parameters, status, "errorMessage", "createdAt") VALUES ($1, $2, 'update_outline', 'research', $3, 'failed', 'The model did not answer', now())`,
      [`failed-${sessionId}`, sessionId, JSON.stringify({ sections: [{ title: "Retried", points: [] }] })],
    );
    await sql.query(`UPDATE "Session" SET status = 'error', "errorMessage" = 'The model did not answer' WHERE id = $1`, [sessionId]);
    const view = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(view.progress.status).toBe("error");
    expect(view.availableActions.map((a: { action: string }) => a.action)).toEqual(["retry", "go_to_stage"]);

    const retried = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "retry", parameters: {} } });
    expect(retried.status(), await retried.text()).toBe(202);
    expect((await retried.json()).run).toMatchObject({ action: "update_outline", status: "succeeded" });
    const after = await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json();
    expect(after.progress.status).toBe("idle");
    expect(after.availableActions.map((a: { action: string }) => a.action)).toContain("approve");
    // The agent's message is the session's lastMessage.
    expect(after.lastMessage).toMatchObject({ role: "agent", content: "Edit the outline: done" });
    // Nothing to retry outside error.
    expect((await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "retry", parameters: {} } })).status()).toBe(409);
  });
});
