// The database going away under the app, through a TCP proxy between the app and PostgreSQL: silent sockets
// (a failover) fail within the query timeout instead of hanging, cut connections fail at once, both answer
// 503 service_unavailable with Retry-After, and the app recovers by itself once the database is back.
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "@/scripts/test/tcp-proxy";

let proxy: TcpProxy;
let m: {
  db: typeof import("@/lib/db")["db"];
  errors: typeof import("@/lib/errors");
  sessions: typeof import("@/lib/genflow/sessions");
  factories: typeof import("@/scripts/test/factories");
};

beforeAll(async () => {
  const url = new URL(inject("databaseUrl"));
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  // lib/env reads the environment once, on first import: the app's pool goes through the proxy.
  Object.assign(process.env, { DATABASE_URL: url.toString(), DATABASE_QUERY_TIMEOUT_SECONDS: "1", DATABASE_POOL_MAX: "4" });
  m = {
    db: (await import("@/lib/db")).db,
    errors: await import("@/lib/errors"),
    sessions: await import("@/lib/genflow/sessions"),
    factories: await import("@/scripts/test/factories"),
  };
});

afterAll(async () => {
  await proxy?.stop();
});

async function outcome(work: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await work();
    return { ok: true as const, ms: Date.now() - started };
  } catch (error) {
    const response = m.errors.toErrorResponse(error);
    return {
      ok: false as const,
      ms: Date.now() - started,
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: (await response.json()) as { error: { code: string } },
    };
  }
}

async function recovered(work: () => Promise<unknown>, withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const result = await outcome(work);
    if (result.ok || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("database outages", () => {
  it("silent connections fail within the query timeout with a 503, then the app recovers", async () => {
    const user = await m.factories.createTestUser();
    const { sessionId } = await m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const read = () => m.sessions.getSessionOrThrow({ id: sessionId, userId: user.id });
    // Warm several pooled connections, then let the database side vanish without a word.
    await Promise.all([read(), read(), read()]);
    proxy.setMode("silent");
    const results = await Promise.all([outcome(read), outcome(read)]);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, status: 503, retryAfter: "5", body: { error: { code: "service_unavailable" } } });
      // query timeout 1 s + 2 s client grace, or the 5 s connect timeout for a fresh connection
      expect(result.ms).toBeLessThan(7000);
    }
    proxy.setMode("pass");
    const after = await recovered(read, 15_000);
    expect(after.ok).toBe(true);
  });

  it("cut connections fail at once with a 503 (writes included), then the app recovers", async () => {
    const user = await m.factories.createTestUser();
    proxy.setMode("cut");
    const write = () => m.sessions.createSession({ userId: user.id, input: { context: {} }, locale: "en" });
    const result = await outcome(write);
    expect(result).toMatchObject({ ok: false, status: 503, retryAfter: "5", body: { error: { code: "service_unavailable" } } });
    expect(result.ms).toBeLessThan(3000);
    proxy.setMode("pass");
    const after = await recovered(write, 15_000);
    expect(after.ok).toBe(true);
    expect(await m.db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});
