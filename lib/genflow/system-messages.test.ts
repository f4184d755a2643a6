import { lookup } from "node:dns/promises";
import { describe, expect, it, vi } from "vitest";
import { describeSystemError } from "@/lib/genflow/system-messages";

describe("describeSystemError", () => {
  it("turns a real getaddrinfo ENOTFOUND into words, logging the code instead", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = await lookup("genflow-no-such-host.invalid").catch((e: unknown) => e);
    expect(describeSystemError(error, "genflow-no-such-host.invalid")).toBe("Could not reach genflow-no-such-host.invalid: the address does not exist");
    expect(log).toHaveBeenCalledWith("[genflow] outbound request failed", expect.objectContaining({ code: "ENOTFOUND" }));
    log.mockRestore();
  });

  it("maps refused, reset, timed-out and certificate failures, and falls back to a plain sentence", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const withCode = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
    expect(describeSystemError(withCode("ECONNREFUSED"), "example.com")).toBe("Could not reach example.com: it refused the connection");
    expect(describeSystemError(new Error("fetch failed", { cause: withCode("ECONNRESET") }), "example.com")).toBe("The connection to example.com was cut off");
    expect(describeSystemError(new Error("timed out"), "example.com")).toBe("example.com did not answer in time");
    expect(describeSystemError(withCode("CERT_HAS_EXPIRED"), "example.com")).toBe("example.com has an expired security certificate");
    expect(describeSystemError(new Error("EPROTO something odd"), "example.com")).toBe("Could not reach example.com");
    log.mockRestore();
  });
});
