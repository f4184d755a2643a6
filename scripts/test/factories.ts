// Test data built through the domain functions themselves, on the run's fresh database.
import { randomUUID } from "node:crypto";
import { registerUser } from "@/lib/genflow/users";

export async function createTestUser(prefix = "writer") {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await registerUser({ email, password: "correct horse 42", ip: null });
  return { ...user, email, password: "correct horse 42" };
}
