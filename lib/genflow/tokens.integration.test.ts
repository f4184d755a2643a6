import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { authenticateApiToken, createApiToken, hashToken, listApiTokens, revokeApiToken, TOKEN_CACHE_MS } from "@/lib/genflow/tokens";
import { registerUser, verifyCredentials } from "@/lib/genflow/users";
import { consumeRateLimit } from "@/lib/rate-limit";
import { createTestUser } from "@/scripts/test/factories";

describe("API tokens", () => {
  it("stores only a hash, authenticates, and stops working at once when revoked", async () => {
    const user = await createTestUser();
    const created = await createApiToken({ userId: user.id, name: "ci" });
    expect(created.token).toMatch(/^gf_[\w-]{40}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(await authenticateApiToken(created.token)).toEqual({ userId: user.id, tokenId: created.id });
    expect((await listApiTokens({ userId: user.id }))[0]).not.toHaveProperty("token");
    await revokeApiToken({ id: created.id, userId: user.id });
    expect(await authenticateApiToken(created.token)).toBeNull();
  });

  it("a token revoked elsewhere (another instance, the CLI) stops working once this instance's cache entry expires", async () => {
    const user = await createTestUser();
    const created = await createApiToken({ userId: user.id, name: "elsewhere" });
    expect(await authenticateApiToken(created.token)).not.toBeNull(); // now remembered here
    await db.apiToken.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
    expect(await authenticateApiToken(created.token), "within the cache window").not.toBeNull();
    const later = Date.now() + TOKEN_CACHE_MS + 1;
    const clock = vi.spyOn(Date, "now").mockReturnValue(later);
    try {
      expect(await authenticateApiToken(created.token)).toBeNull();
    } finally {
      clock.mockRestore();
    }
  });

  it("does not let one writer revoke another's token", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const created = await createApiToken({ userId: owner.id, name: "mine" });
    await expect(revokeApiToken({ id: created.id, userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateApiToken(created.token)).not.toBeNull();
  });
});

describe("accounts", () => {
  it("hashes passwords and explains weak passwords and taken emails", async () => {
    const user = await createTestUser();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(await verifyCredentials({ email: user.email, password: user.password, ip: "203.0.113.1" })).not.toBeNull();
    expect(await verifyCredentials({ email: user.email, password: "wrong password 1", ip: "203.0.113.1" })).toBeNull();
    await expect(registerUser({ email: user.email, password: "another pass 9", ip: null })).rejects.toMatchObject({ code: "email_taken", status: 409 });
    await expect(registerUser({ email: "weak@example.test", password: "short", ip: null })).rejects.toMatchObject({ code: "weak_password", status: 422 });
    expect(await db.user.findUnique({ where: { email: "weak@example.test" } })).toBeNull();
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a key spends its budget", async () => {
    for (let i = 0; i < 5; i++) await consumeRateLimit("test:key");
    await expect(consumeRateLimit("test:key")).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
      headers: { "Retry-After": expect.stringMatching(/^\d+$/) },
    });
    await expect(consumeRateLimit("test:other")).resolves.toBeUndefined();
  });
});
