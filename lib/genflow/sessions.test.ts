import { describe, expect, it } from "vitest";
import { describeTtl } from "@/lib/genflow/sessions";

describe("describeTtl", () => {
  it("words the real SESSION_TTL_MINUTES", () => {
    expect(describeTtl(120)).toBe("2 hours");
    expect(describeTtl(60)).toBe("1 hour");
    expect(describeTtl(90)).toBe("90 minutes");
    expect(describeTtl(1)).toBe("1 minute");
  });
});
