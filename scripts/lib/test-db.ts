// A fresh, migrated database for one test run (Vitest and Playwright globalSetup): a throwaway database on a real
// PostgreSQL when one is configured or answers on 127.0.0.1:5432, else an embedded PGlite in a temporary folder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedDb } from "./embedded-db";
import { applyMigrations, createTemporaryDatabase } from "./migrations";

const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  /** postgresql:// URL of the migrated, otherwise empty database. */
  url: string;
  kind: "postgres" | "pglite";
  /** Removes the database (or stops PGlite and deletes its folder). Idempotent. */
  drop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL (any database on the server to use, e.g. .../postgres) wins and must work; otherwise the
 * local server is used when it answers, and PGlite is the fallback (slower to start, ~3–5 s, and it runs one
 * transaction at a time, so parallel test workers queue behind each other).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const configured = process.env.TEST_DATABASE_URL || undefined;
  const server = configured ?? ((await answers(LOCAL_SERVER)) ? LOCAL_SERVER : undefined);
  if (server) {
    const database = await createTemporaryDatabase(server, "genflow_test");
    try {
      await applyMigrations({ url: database.url });
    } catch (error) {
      await database.drop().catch(() => {});
      throw error;
    }
    return { url: database.url, kind: "postgres", drop: once(database.drop) };
  }

  const folder = await mkdtemp(join(tmpdir(), "genflow-test-"));
  const db = await startEmbeddedDb({ dir: join(folder, "pglite"), port: 0 });
  const drop = once(async () => {
    await db.stop();
    await rm(folder, { recursive: true, force: true });
  });
  try {
    await applyMigrations({ url: db.url });
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: db.url, kind: "pglite", drop };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    const { code } = error as { code?: string };
    // Nothing listening is the expected case; anything else (auth, permissions) deserves a word before falling back.
    if (code !== "ECONNREFUSED") console.warn(`test-db: ${url} did not answer (${code ?? String(error)}); using PGlite`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}
