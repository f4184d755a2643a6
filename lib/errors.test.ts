import { describe, expect, it, vi } from "vitest";
import { AppError, ERROR_STATUS, toErrorResponse } from "@/lib/errors";
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
});
