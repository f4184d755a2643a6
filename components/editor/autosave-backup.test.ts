import { describe, expect, it } from "vitest";
import { isBackup } from "@/components/editor/autosave-backup";

describe("isBackup", () => {
  it("accepts a backup as writeBackup stores it", () => {
    expect(isBackup(JSON.parse(JSON.stringify({ title: "T", content: "Body", baseVersion: 3, at: 1_700_000_000_000 })))).toBe(true);
  });

  it("rejects anything else found under the key (older builds, other scripts)", () => {
    for (const value of [
      null,
      "text",
      42,
      [],
      { title: "T", content: "Body" },
      { title: "T", content: 1, baseVersion: 1, at: 1 },
      { title: "T", content: "B", baseVersion: 0, at: 1 },
      { title: "T", content: "B", baseVersion: 1.5, at: 1 },
    ]) {
      expect(isBackup(value)).toBe(false);
    }
  });
});
