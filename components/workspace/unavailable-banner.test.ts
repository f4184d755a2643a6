import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "@/components/workspace/unavailable-banner";

describe("retryAfterSeconds", () => {
  it("follows the server's Retry-After, bounded to 30 s, 5 s when absent or unreadable", () => {
    const res = (value?: string) => new Response(null, { status: 503, headers: value ? { "retry-after": value } : {} });
    expect(retryAfterSeconds(res("7"))).toBe(7);
    expect(retryAfterSeconds(res("600"))).toBe(30);
    expect(retryAfterSeconds(res())).toBe(5);
    expect(retryAfterSeconds(res("soon"))).toBe(5);
  });
});
