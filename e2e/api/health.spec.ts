import { startAppProcess, stopAppProcess } from "../app-process";
import { expect, test } from "../fixtures";

test.describe("GET /api/health", () => {
  test("reports the database with its latency, configured integrations without secrets, run counts and the build", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(res.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.json();
    expect(body).toEqual({
      status: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { ok: true, latencyMs: expect.any(Number) },
      model: { configured: true, provider: "openai-compatible" },
      pusher: { configured: true },
      tracing: { enabled: false },
      runs: { queued: expect.any(Number), running: expect.any(Number), stale: expect.any(Number) },
    });
    const text = JSON.stringify(body);
    for (const secret of [process.env.PUSHER_SECRET, process.env.OPENAI_API_KEY, process.env.NEXTAUTH_SECRET, process.env.DATABASE_URL]) {
      if (secret) expect(text).not.toContain(secret);
    }
  });

  test("counts a run whose lease expired as running and stale", async ({ writerA, sql, request }) => {
    const created = await writerA.bearer.post("/api/genflow/sessions", { data: {} });
    const { sessionId } = await created.json();
    const past = new Date(Date.now() - 60_000);
    const { rows } = await sql.query(
      `INSERT INTO "Run" (id, "sessionId", action, stage, status, attempts, "leaseOwner", "leaseExpiresAt", "createdAt") VALUES ($1, $2, 'discover_topics', 'topic', 'running', 2, 'dead-host:1', $3, $3) RETURNING id`,
      [`health-stale-${Date.now()}`, sessionId, past],
    );
    try {
      const { runs } = await (await request.get("/api/health")).json();
      expect(runs.running).toBeGreaterThanOrEqual(1);
      expect(runs.stale).toBeGreaterThanOrEqual(1);
    } finally {
      await sql.query(`DELETE FROM "Run" WHERE id = $1`, [rows[0].id]);
    }
  });

  test("answers 503 with the database marked unreachable when it does not answer", async () => {
    test.setTimeout(120_000);
    // A server of its own whose database is a closed port.
    const app = await startAppProcess({ DATABASE_URL: "postgresql://postgres@127.0.0.1:9/nowhere", GENFLOW_RUN_SWEEP_SECONDS: "0" }, { healthStatus: 503 });
    try {
      const res = await fetch(`${app.url}/api/health`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ status: "degraded", database: { ok: false, error: "database unreachable", latencyMs: expect.any(Number) }, runs: null });
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect(app.logLines().find((l) => l.msg === "request" && l.path === "/api/health" && l.status === 503)).toMatchObject({ level: "error" });
    } finally {
      await stopAppProcess(app);
    }
  });
});
