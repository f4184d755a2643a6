import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { UnverifiedOAuthEmailError, upsertOAuthUser } from "@/lib/genflow/users";
import { createTestUser } from "@/scripts/test/factories";

describe("OAuth sign-in", () => {
  const account = (id: string) => ({ provider: "github", providerAccountId: id, name: "Octo", image: null });

  it("links an existing password account only for an email the provider verified", async () => {
    const user = await createTestUser();
    await expect(upsertOAuthUser({ ...account(`gh-${user.id}`), email: user.email, emailVerified: false })).rejects.toBeInstanceOf(UnverifiedOAuthEmailError);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    const linked = await upsertOAuthUser({ ...account(`gh-${user.id}`), provider: "google", email: user.email.toUpperCase(), emailVerified: true });
    expect(linked.id).toBe(user.id);
    // Once linked, the provider account signs in whatever it says about the email.
    expect((await upsertOAuthUser({ ...account(`gh-${user.id}`), provider: "google", email: "changed@example.test", emailVerified: false })).id).toBe(user.id);
  });

  it("creates a new user for a new email, verified or not", async () => {
    const email = `new-${Date.now()}@example.test`;
    const user = await upsertOAuthUser({ ...account(`gh-new-${email}`), email, emailVerified: false });
    expect(user.email).toBe(email);
    expect(await db.account.count({ where: { userId: user.id, provider: "github" } })).toBe(1);
  });
});
