import { describe, expect, it, vi } from "vitest";
import { AppError, ERROR_STATUS, isDatabaseUnavailable, toErrorResponse } from "@/lib/errors";
import { log as logger } from "@/lib/log";

describe("AppError", () => {
  it("maps every code to its status and the {error:{code,message,details}} body", async () => {
    const response = new AppError("stale_version", "changed", { details: { currentVersion: 3 } }).toResponse();
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "stale_version", message: "changed", details: { currentVersion: 3 } } });
    expect(ERROR_STATUS.session_expired).toBe(410);
    expect(ERROR_STATUS.payload_too_large).toBe(413);
    expect(ERROR_STATUS.rate_limited).toBe(429);
  });

  it("carries headers such as Retry-After", () => {
    const response = new AppError("rate_limited", "slow down", { headers: { "Retry-After": "7" } }).toResponse();
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("answers unknown errors with a generic 500 that reveals nothing", async () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => {});
    const response = toErrorResponse(new Error("password=hunter2 at /srv/app/lib/db.ts:12"));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db.ts");
    expect(JSON.parse(text).error.code).toBe("internal_error");
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });

  it("answers database outages with 503 service_unavailable and Retry-After, whatever wraps them", async () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => {});
    const outages = [
      Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { name: "PrismaClientInitializationError" }),
      Object.assign(new Error("timed out"), { name: "PrismaClientKnownRequestError", code: "P2024" }),
      Object.assign(new Error("wrapped"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) }),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      new Error("Query read timeout"),
      { name: "DriverAdapterError", message: "x", cause: { kind: "ConnectionClosed" } },
    ];
    for (const error of outages) {
      const response = toErrorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error.code).toBe("service_unavailable");
    }
    // A constraint violation or a bug is not an outage.
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    log.mockRestore();
  });
});
