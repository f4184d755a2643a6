// What /api/health tells an operator: the database's state and latency, which integrations are configured
// (never their secrets), how many runs are queued, running and stale, and which build answers.
import "server-only";
import { describeModels } from "@/lib/ai/providers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { isTracingConfigured } from "@/lib/tracing";
import packageJson from "@/package.json";

export interface DatabaseHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Health {
  status: "ok" | "degraded";
  version: string;
  database: DatabaseHealth;
  model: { configured: boolean; provider: string | null };
  pusher: { configured: boolean };
  tracing: { enabled: boolean };
  /** Null when the database does not answer. `stale`: lease expired, or queued for longer than a lease. */
  runs: { queued: number; running: number; stale: number } | null;
}

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.error({ error: describeError(error) }, "health check: database unreachable");
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: "database unreachable" };
  }
}

/** Counted as recovery sees them (the same clock and lease), in one statement on the (status, lease) index. */
async function countRuns(): Promise<Health["runs"]> {
  const now = new Date();
  const queuedBefore = new Date(now.getTime() - env.GENFLOW_RUN_LEASE_SECONDS * 1000);
  const [row] = await db.$queryRaw<{ queued: number; running: number; stale: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE status = 'running')::int AS running,
           count(*) FILTER (WHERE (status = 'running' AND "leaseExpiresAt" < ${now})
                              OR (status = 'queued' AND "createdAt" < ${queuedBefore}))::int AS stale
    FROM "Run" WHERE status IN ('queued', 'running')`;
  return row ?? { queued: 0, running: 0, stale: 0 };
}

/** The package version, with the commit when the platform names it (Vercel) or the build set GENFLOW_BUILD_VERSION. */
export function buildVersion(): string {
  if (env.GENFLOW_BUILD_VERSION) return env.GENFLOW_BUILD_VERSION;
  return env.VERCEL_GIT_COMMIT_SHA ? `${packageJson.version}+${env.VERCEL_GIT_COMMIT_SHA.slice(0, 7)}` : packageJson.version;
}

export async function checkHealth(): Promise<Health> {
  const database = await checkDatabase();
  let runs: Health["runs"] = null;
  if (database.ok) {
    runs = await countRuns().catch((error: unknown) => {
      log.error({ error: describeError(error) }, "health check: counting runs failed");
      return null;
    });
  }
  const model = describeModels();
  return {
    status: database.ok ? "ok" : "degraded",
    version: buildVersion(),
    database,
    model: { configured: model.configured, provider: model.provider },
    pusher: { configured: Boolean(env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET) },
    tracing: { enabled: isTracingConfigured() },
    runs,
  };
}
