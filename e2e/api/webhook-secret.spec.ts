// The per-user publish secret that signs a session's publishWebhookUrl deliveries (point 2's webhooks):
// absent until created, shown once when created or rotated, never readable afterwards, per writer, and behind
// the same authentication and CSRF checks as every unsafe request. Every answer is checked against the
// OpenAPI document (checked contexts of e2e/fixtures.ts), so both operations count as exercised.
import type pg from "pg";
import { expect, test } from "../fixtures";

const API = "/api/genflow";

/** What the database holds for the writer: the secret itself (it signs, so it cannot be a hash). */
async function storedSecret(sql: pg.Client, userId: string): Promise<string | null> {
  const { rows } = await sql.query(`SELECT "webhookSecret" AS secret FROM "User" WHERE id = $1`, [userId]);
  return rows[0].secret;
}

test.describe(`GET/POST ${API}/webhook-secret`, () => {
  test("none at first ({configured:false}); POST shows a whsec_ secret once; GET says configured without it; a second POST rotates it", async ({
    writerA,
    sql,
  }) => {
    const before = await writerA.bearer.get(`${API}/webhook-secret`);
    expect(before.status()).toBe(200);
    expect(await before.json()).toEqual({ configured: false });
    expect(await storedSecret(sql, writerA.id)).toBeNull();

    const created = await writerA.cookie.post(`${API}/webhook-secret`);
    expect(created.status(), await created.text()).toBe(200);
    const { secret: first } = await created.json();
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    expect(await storedSecret(sql, writerA.id)).toBe(first);

    // Configured, by cookie and by token alike, and the answer carries nothing but the flag.
    for (const client of [writerA.cookie, writerA.bearer]) {
      const state = await client.get(`${API}/webhook-secret`);
      expect(state.status()).toBe(200);
      const text = await state.text();
      expect(JSON.parse(text)).toEqual({ configured: true });
      expect(text).not.toContain(first);
    }

    const rotated = await writerA.bearer.post(`${API}/webhook-secret`);
    expect(rotated.status()).toBe(200);
    const { secret: second } = await rotated.json();
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(await storedSecret(sql, writerA.id)).toBe(second);
    expect(await (await writerA.bearer.get(`${API}/webhook-secret`)).json()).toEqual({ configured: true });
  });

  test("per writer: another writer neither sees nor changes it — their POST rotates only their own", async ({ writerA, writerB, sql }) => {
    const { secret: mine } = await (await writerA.bearer.post(`${API}/webhook-secret`)).json();
    expect(await (await writerB.bearer.get(`${API}/webhook-secret`)).json()).toEqual({ configured: false });

    const theirs = await writerB.cookie.post(`${API}/webhook-secret`);
    expect(theirs.status()).toBe(200);
    const { secret: theirSecret } = await theirs.json();
    expect(theirSecret).toMatch(/^whsec_/);
    expect(theirSecret).not.toBe(mine);
    expect(await storedSecret(sql, writerA.id)).toBe(mine);
    expect(await storedSecret(sql, writerB.id)).toBe(theirSecret);
    expect(await (await writerB.bearer.get(`${API}/webhook-secret`)).json()).toEqual({ configured: true });
  });

  test("no credentials → 401 unauthorized (GET and POST), a bad token too; nothing is created", async ({ request, writerA, sql }) => {
    for (const res of [
      await request.get(`${API}/webhook-secret`),
      await request.post(`${API}/webhook-secret`),
      await request.post(`${API}/webhook-secret`, { headers: { authorization: "Bearer gf_not-a-token" } }),
    ]) {
      expect(res.status()).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await storedSecret(sql, writerA.id)).toBeNull();
  });

  test("a cookie POST without Origin (or from another origin) → 403 csrf_rejected and the secret is unchanged", async ({ writerA, sql }) => {
    const { secret } = await (await writerA.cookie.post(`${API}/webhook-secret`)).json();
    const cases: Record<string, string>[] = [{ origin: "" }, { origin: "http://127.0.0.1:1" }, { origin: "", "sec-fetch-site": "cross-site" }];
    for (const headers of cases) {
      const res = await writerA.cookie.post(`${API}/webhook-secret`, { headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      const body = await res.json();
      expect(body.error.code).toBe("csrf_rejected");
      expect(JSON.stringify(body)).not.toContain("whsec_");
    }
    expect(await storedSecret(sql, writerA.id)).toBe(secret);
    // A GET is a read the browser would not expose cross-origin: not CSRF-checked, and it reveals nothing anyway.
    expect(await (await writerA.cookie.get(`${API}/webhook-secret`, { headers: { origin: "http://127.0.0.1:1" } })).json()).toEqual({ configured: true });
  });
});
