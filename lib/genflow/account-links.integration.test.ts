import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decodeLinkIntent, encodeLinkIntent, linkOAuthAccount, listSignInMethods, unlinkOAuthAccount } from "@/lib/genflow/account-links";

const secret = "test-secret";

async function newUser(password: boolean) {
  return db.user.create({ data: { email: `links-${randomUUID()}@example.test`, passwordHash: password ? "x" : null } });
}

describe("link intent", () => {
  it("round-trips for its provider and is refused when tampered, expired, for another provider or another secret", () => {
    const now = 1_000_000;
    const value = encodeLinkIntent({ userId: "u1", provider: "github", secret, now });
    expect(decodeLinkIntent({ value, provider: "github", secret, now })).toMatchObject({ userId: "u1", provider: "github" });
    expect(decodeLinkIntent({ value, provider: "google", secret, now })).toBeNull();
    expect(decodeLinkIntent({ value, provider: "github", secret: "other", now })).toBeNull();
    expect(decodeLinkIntent({ value, provider: "github", secret, now: now + 11 * 60_000 })).toBeNull();
    const [payload = "", signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ userId: "u2", provider: "github", expiresAt: now + 60_000 })).toString("base64url");
    expect(decodeLinkIntent({ value: `${forged}.${signature}`, provider: "github", secret, now })).toBeNull();
    expect(decodeLinkIntent({ value: `${payload}.`, provider: "github", secret, now })).toBeNull();
    expect(decodeLinkIntent({ value: undefined, provider: "github", secret, now })).toBeNull();
  });
});

describe("linkOAuthAccount / unlinkOAuthAccount", () => {
  it("links once per provider, refuses an account owned by someone else, and keeps the last way to sign in", async () => {
    const writer = await newUser(true);
    const other = await newUser(false);
    const providerAccountId = randomUUID();
    await linkOAuthAccount({ userId: writer.id, provider: "github", providerAccountId });
    await linkOAuthAccount({ userId: writer.id, provider: "github", providerAccountId });
    expect(await listSignInMethods({ userId: writer.id })).toEqual({ password: true, providers: ["github"] });
    await expect(linkOAuthAccount({ userId: other.id, provider: "github", providerAccountId })).rejects.toThrow(/another GenFlow account/);

    // A second GitHub account replaces the first (one per provider).
    const second = randomUUID();
    await linkOAuthAccount({ userId: writer.id, provider: "github", providerAccountId: second });
    expect(await db.account.findMany({ where: { userId: writer.id }, select: { providerAccountId: true } })).toEqual([{ providerAccountId: second }]);

    await unlinkOAuthAccount({ userId: writer.id, provider: "github" });
    expect(await listSignInMethods({ userId: writer.id })).toEqual({ password: true, providers: [] });
    await expect(unlinkOAuthAccount({ userId: writer.id, provider: "github" })).rejects.toMatchObject({ code: "not_found" });

    // An OAuth-only writer cannot remove their only sign-in method.
    await linkOAuthAccount({ userId: other.id, provider: "google", providerAccountId: randomUUID() });
    await expect(unlinkOAuthAccount({ userId: other.id, provider: "google" })).rejects.toMatchObject({ code: "conflict" });
    expect((await listSignInMethods({ userId: other.id })).providers).toEqual(["google"]);
  });
});
