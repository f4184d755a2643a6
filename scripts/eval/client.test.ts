import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { EvalClient } from "./client";

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A real HTTP server answering from `answer`; records each request's method, path, headers and time. */
async function serve(answer: (n: number, path: string) => { status: number; body: unknown; headers?: Record<string, string> }) {
  const seen: { method: string; path: string; contentType?: string; authorization?: string; at: number }[] = [];
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      path: req.url ?? "",
      contentType: req.headers["content-type"],
      authorization: req.headers.authorization,
      at: Date.now(),
    });
    const { status, body, headers } = answer(seen.length, req.url ?? "");
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("EvalClient", () => {
  it("waits a 429's Retry-After before asking again, and sends JSON with the bearer token", async () => {
    const { url, seen } = await serve((n) =>
      n === 1 ? { status: 429, body: { error: "rate_limited" }, headers: { "retry-after": "1" } } : { status: 201, body: { sessionId: "s1" } },
    );
    const client = new EvalClient({ baseUrl: url, token: "gf_test" });
    expect(await client.request(z.object({ sessionId: z.string() }), "POST", "/api/genflow/sessions", { title: "x" })).toEqual({ sessionId: "s1" });
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
    expect(client.waits).toBe(1);
    expect(seen[0]).toMatchObject({ contentType: "application/json", authorization: "Bearer gf_test" });
  });

  it("polls a run until it ends and reports how a failed run ended", async () => {
    const run = (status: string) => ({
      actionId: "r1",
      action: "write_draft",
      status,
      result: null,
      errorMessage: status === "failed" ? "model down" : null,
      model: "m",
    });
    const { url, seen } = await serve((n) =>
      n === 1 ? { status: 202, body: { actionId: "r1", status: "processing", run: run("queued") } } : { status: 200, body: run(n < 3 ? "running" : "failed") },
    );
    const client = new EvalClient({ baseUrl: url, token: "gf_test", pollMs: 10 });
    await expect(client.run("s1", "write_draft", { targetLength: 500 })).rejects.toThrow("write_draft ended failed: model down");
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/genflow/sessions/s1/actions",
      "GET /api/genflow/sessions/s1/actions/r1",
      "GET /api/genflow/sessions/s1/actions/r1",
    ]);
  });

  it("refuses an answer that does not match what the eval reads", async () => {
    const { url } = await serve(() => ({ status: 201, body: { id: "not a sessionId" } }));
    await expect(new EvalClient({ baseUrl: url, token: "gf" }).request(z.object({ sessionId: z.string() }), "POST", "/x", {})).rejects.toThrow(
      /unexpected body: .*sessionId/s,
    );
  });

  it("throws the status and body of any other error answer", async () => {
    const { url } = await serve(() => ({ status: 401, body: { error: "unauthorized" } }));
    await expect(new EvalClient({ baseUrl: url, token: "bad" }).request(z.unknown(), "GET", "/api/genflow/sessions")).rejects.toThrow(
      /answered 401: .*unauthorized/,
    );
  });
});
