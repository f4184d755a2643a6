// handle() gives every API response an x-request-id, puts it in every error body, and writes one JSON log line
// per request (method, route, status, ms, user, request id) that carries no body, query or secret.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type CapturedLog, captureLog } from "@/scripts/test/capture-log";

let http: typeof import("@/lib/http");
let logModule: typeof import("@/lib/log");
let AppError: typeof import("@/lib/errors")["AppError"];
let routeOf: typeof import("@/lib/request-log")["routeOf"];
let captured: CapturedLog | undefined;

beforeAll(async () => {
  http = await import("@/lib/http");
  logModule = await import("@/lib/log");
  ({ AppError } = await import("@/lib/errors"));
  ({ routeOf } = await import("@/lib/request-log"));
});

afterEach(() => {
  captured?.restore();
  captured = undefined;
});

const SESSION_ID = "cmabc123def456ghi789jkl0";
const url = `http://localhost/api/genflow/sessions/${SESSION_ID}/actions?secret=query-text`;

function requestLines() {
  return (captured?.lines() ?? []).filter((line) => line.msg === "request");
}

describe("handle(): request ids and request log lines", () => {
  it("answers with a fresh x-request-id and logs one line with method, route, status, ms and that id", async () => {
    captured = captureLog(logModule.log);
    const handler = http.handle(async () => Response.json({ ok: true }, { status: 201 }));
    const res = await handler(new Request(url, { method: "POST" }), {});
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.status).toBe(201);
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      method: "POST",
      route: "/api/genflow/sessions/{id}/actions",
      path: `/api/genflow/sessions/${SESSION_ID}/actions`,
      status: 201,
      requestId,
    });
    expect(typeof lines[0].ms).toBe("number");
    expect(JSON.stringify(lines[0])).not.toContain("query-text");
  });

  it("keeps a caller's well-formed x-request-id and replaces a malformed one", async () => {
    const handler = http.handle(async () => new Response(null, { status: 204 }));
    const kept = await handler(new Request(url, { headers: { "x-request-id": "edge-7f3a9c01" } }), {});
    expect(kept.headers.get("x-request-id")).toBe("edge-7f3a9c01");
    const replaced = await handler(new Request(url, { headers: { "x-request-id": "bad id\twith spaces" } }), {});
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("puts the request id in an AppError's body, next to code, message and details", async () => {
    const handler = http.handle(async (req) => Response.json(await http.readJson(req, z.object({ count: z.number() }))));
    const res = await handler(new Request(url, { method: "POST", body: JSON.stringify({ count: "x" }), headers: { "content-type": "application/json" } }), {});
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toEqual({
      error: {
        code: "validation_failed",
        message: expect.stringContaining("count"),
        details: [expect.objectContaining({ field: "count" })],
        requestId: res.headers.get("x-request-id"),
      },
    });
  });

  it("answers an unexpected error with a generic 500 carrying the id, and logs it without the request body", async () => {
    captured = captureLog(logModule.log);
    const handler = http.handle(async (req) => {
      await req.text();
      throw new Error("boom at the database");
    });
    const res = await handler(new Request(url, { method: "POST", body: "my secret article text" }), {});
    const requestId = res.headers.get("x-request-id");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: expect.not.stringContaining("boom"), requestId } });
    const lines = captured.lines();
    expect(lines.find((l) => l.msg === "unhandled error")).toMatchObject({
      level: "error",
      requestId,
      error: { type: "Error", message: "boom at the database" },
    });
    expect(requestLines()[0]).toMatchObject({ level: "error", status: 500, requestId });
    expect(JSON.stringify(lines)).not.toContain("my secret article text");
  });

  it("logs the authenticated user's id on the request line (set by requireUser through the request context)", async () => {
    captured = captureLog(logModule.log);
    const handler = http.handle(async () => {
      logModule.setRequestUser("user-42");
      logModule.log.info({ step: "inside" }, "work");
      throw new AppError("not_found", "Session not found");
    });
    const res = await handler(new Request(url), {});
    const requestId = res.headers.get("x-request-id");
    expect(res.status).toBe(404);
    const inside = captured.lines().find((l) => l.msg === "work");
    expect(inside).toMatchObject({ requestId, userId: "user-42" });
    expect(requestLines()[0]).toMatchObject({ status: 404, userId: "user-42", requestId });
  });

  it("writes an AppError outside any request without a request id (scripts, the CLI)", async () => {
    expect(new AppError("conflict", "busy").toJSON()).toEqual({ error: { code: "conflict", message: "busy" } });
  });

  it("turns id-like path segments into {id} and leaves words alone", () => {
    expect(routeOf("/api/genflow/articles/cmabc123def456ghi789jkl0/revisions/3f2b6c1e-8a8f-4f7e-9d7e-2c1b3a4d5e6f/restore")).toBe(
      "/api/genflow/articles/{id}/revisions/{id}/restore",
    );
    expect(routeOf("/api/genflow/openapi.json")).toBe("/api/genflow/openapi.json");
    expect(routeOf("/api/auth/sign-up")).toBe("/api/auth/sign-up");
  });
});
