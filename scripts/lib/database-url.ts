// Which database a script talks to: DATABASE_URL when set; otherwise the embedded one — through a running
// `npm run dev` when it serves it (one process owns the folder), or opened here for the script's lifetime.
import { config } from "dotenv";
import { embeddedDbOwner, startEmbeddedDb } from "./embedded-db";
import { applyMigrations } from "./migrations";

config({ path: [".env.local", ".env"], quiet: true });

export async function resolveDatabaseUrl(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const owner = embeddedDbOwner();
  if (owner?.url) return { url: owner.url, stop: async () => {} };
  const embedded = await startEmbeddedDb();
  await applyMigrations({ url: embedded.url });
  return { url: embedded.url, stop: () => embedded.stop() };
}
