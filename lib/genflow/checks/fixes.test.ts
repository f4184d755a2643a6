import { describe, expect, it } from "vitest";
import { findFixPassage, isFixApplicable, keepSurroundingWhitespace, locateFixes, spliceReplacements } from "@/lib/genflow/checks/fixes";

const TEXT = "## Roofs\n\nRoofs is free space [1]. They cool the block.\n\n## 屋顶\n\n屋顶农场很好😀。城市需要绿色。";

describe("isFixApplicable / findFixPassage", () => {
  it("finds the excerpt at its recorded position, or anywhere when the text moved", () => {
    const start = TEXT.indexOf("Roofs is free");
    expect(findFixPassage({ id: "i1", excerpt: "Roofs is free", position: { start, end: start + 13 } }, TEXT)).toEqual({ start, end: start + 13 });
    const moved = `Intro.\n\n${TEXT}`;
    expect(findFixPassage({ id: "i1", excerpt: "Roofs is free", position: { start, end: start + 13 } }, moved)).toEqual({ start: start + 8, end: start + 21 });
  });

  it("is not applicable when the excerpt is gone, or empty", () => {
    expect(isFixApplicable({ id: "i1", excerpt: "Roofs is free" }, TEXT)).toBe(true);
    expect(isFixApplicable({ id: "i1", excerpt: "Roofs is free" }, TEXT.replace("is free", "are free"))).toBe(false);
    expect(isFixApplicable({ id: "i2", excerpt: "  " }, TEXT)).toBe(false);
  });
});

describe("locateFixes", () => {
  it("refuses a fix whose excerpt is gone and one that overlaps an earlier fix", () => {
    const { located, refused } = locateFixes(
      [
        { id: "i1", excerpt: "They cool the block." },
        { id: "i2", excerpt: "not there" },
        { id: "i3", excerpt: "cool the" },
        { id: "i4", excerpt: "屋顶农场很好😀。" },
      ],
      TEXT,
    );
    expect(refused).toEqual(["i2", "i3"]);
    expect(located.map((l) => l.issue.id)).toEqual(["i1", "i4"]);
  });
});

describe("spliceReplacements", () => {
  it("changes only the passages, keeping every other character (CJK and emoji included)", () => {
    const a = TEXT.indexOf("Roofs is free");
    const b = TEXT.indexOf("屋顶农场很好😀。");
    const out = spliceReplacements(TEXT, [
      { start: b, end: b + "屋顶农场很好😀。".length, text: "屋顶农场非常好😀。" },
      { start: a, end: a + "Roofs is free".length, text: "Roofs are free" },
    ]);
    expect(out).toBe("## Roofs\n\nRoofs are free space [1]. They cool the block.\n\n## 屋顶\n\n屋顶农场非常好😀。城市需要绿色。");
    expect(spliceReplacements(TEXT, [])).toBe(TEXT);
  });

  it("refuses overlapping or out-of-range passages", () => {
    expect(() =>
      spliceReplacements(TEXT, [
        { start: 0, end: 5, text: "x" },
        { start: 3, end: 8, text: "y" },
      ]),
    ).toThrow(RangeError);
    expect(() => spliceReplacements("abc", [{ start: 2, end: 9, text: "x" }])).toThrow(RangeError);
  });

  it("a rewritten passage keeps the whitespace around its excerpt", () => {
    expect(keepSurroundingWhitespace(" old words\n", "\nnew words  ")).toBe(" new words\n");
  });
});
