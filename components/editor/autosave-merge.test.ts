import { describe, expect, it } from "vitest";
import { applyChoices, threeWay } from "@/components/editor/autosave-merge";

const base = { title: "T", content: "Intro.\n\nMiddle paragraph.\n\nLast line." };

describe("autosave merge: a version saved elsewhere against the writer's unsaved text", () => {
  it("merges edits in different places silently", async () => {
    const theirs = { title: "T", content: "Intro.\n\nMiddle paragraph.\n\nLast line. Theirs." };
    const mine = { title: "T", content: "Intro mine.\n\nMiddle paragraph.\n\nLast line." };
    const { overlaps, titleOverlap, provisional } = await threeWay(base, theirs, mine);
    expect(overlaps).toEqual([]);
    expect(titleOverlap).toBeNull();
    expect(provisional.content).toBe("Intro mine.\n\nMiddle paragraph.\n\nLast line. Theirs.");
  });

  it("asks about an overlap, keeps the writer's side meanwhile, and applies the choice with what was typed since", async () => {
    const theirs = { title: "Their title", content: "Intro.\n\nMiddle paragraph.\n\nLast line. 他们的。" };
    const mine = { title: "My title", content: "Intro.\n\nMiddle paragraph.\n\nLast line. 我的。" };
    const merge = await threeWay(base, theirs, mine);
    expect(merge.overlaps).toHaveLength(1);
    expect(merge.titleOverlap).toEqual({ mine: "My title", theirs: "Their title" });
    expect(merge.provisional.content).toContain("我的");
    const conflict = {
      theirs,
      currentVersion: 3,
      overlaps: merge.overlaps,
      titleOverlap: merge.titleOverlap,
      choices: { [merge.overlaps[0].id]: "theirs" as const },
    };
    const now = { ...merge.provisional, content: `Typed first. ${merge.provisional.content}` };
    const result = await applyChoices({ base, mine, provisional: merge.provisional, conflict, now });
    expect(result.content).toBe("Typed first. Intro.\n\nMiddle paragraph.\n\nLast line. 他们的。");
    expect(result.title).toBe("My title");
  });
});
