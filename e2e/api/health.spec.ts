import { expect, test } from "@playwright/test";

test.describe("GET /api/health", () => {
  test("reports the database as reachable", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", database: { ok: true } });
    expect(typeof body.database.latencyMs).toBe("number");
  });
});
