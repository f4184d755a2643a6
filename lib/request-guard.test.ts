import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/request-guard";

function post(headers: Record<string, string>) {
  return new Request("http://app.example:3000/api/genflow/sessions", { method: "POST", headers: { host: "app.example:3000", ...headers } });
}

function verdict(headers: Record<string, string>): string {
  try {
    assertSameOrigin(post(headers));
    return "allowed";
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : "thrown";
  }
}

describe("assertSameOrigin", () => {
  it("allows the app's own origin, or Sec-Fetch-Site: same-origin without an Origin", () => {
    expect(verdict({ origin: "http://app.example:3000" })).toBe("allowed");
    expect(verdict({ "sec-fetch-site": "same-origin" })).toBe("allowed");
  });

  it("refuses another port, scheme or host, a null origin, same-site and cross-site fetches, and no evidence at all", () => {
    const cases: Record<string, string>[] = [
      { origin: "http://app.example:3001" },
      { origin: "https://app.example:3000" },
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: "http://evil.example", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      {},
    ];
    for (const headers of cases) {
      expect(verdict(headers), JSON.stringify(headers)).toBe("403 csrf_rejected");
    }
  });
});
