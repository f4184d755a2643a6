import "server-only";
import { db } from "@/lib/db";

export async function checkDatabase(): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    console.error("[genflow] health check: database unreachable", error);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: "database unreachable" };
  }
}
