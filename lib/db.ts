// The Prisma client over PostgreSQL (`pg` through @prisma/adapter-pg). `npm run dev` without DATABASE_URL
// serves an embedded PGlite over the Postgres wire protocol and sets DATABASE_URL, so this file has one path.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type { Prisma } from "@/lib/generated/prisma/client";

function createClient(): PrismaClient {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Use `npm run dev` for the embedded database, or set it in .env.");
  }
  const queryMs = env.DATABASE_QUERY_TIMEOUT_SECONDS * 1000;
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    // A connection whose server side vanished (a failover, a dropped NAT entry) sends no error: without these,
    // a query on it waits forever and a run hangs with a fresh heartbeat. The server cancels a slow statement;
    // the client gives up on a silent socket a little later (and the pool discards that connection); the OS
    // probes idle sockets; a connect that gets no answer fails instead of queueing every request behind it.
    statement_timeout: queryMs,
    query_timeout: queryMs + 2_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // Generous transaction limits: on a busy machine a short default (2 s to start, 5 s to finish) turns load
  // into failed runs; every transaction here is small, so these only matter under pressure.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}

// One client per process; dev hot reloads would otherwise open a new pool on every edit.
// Created on first use, so that importing this module (e.g. while `next build` collects routes) needs no database.
const globalForDb = globalThis as unknown as { genflowDb?: PrismaClient };
function getClient(): PrismaClient {
  globalForDb.genflowDb ??= createClient();
  return globalForDb.genflowDb;
}
export const db = new Proxy({} as PrismaClient, {
  get: (_target, property) => Reflect.get(getClient(), property),
});
