import { describe, expect, it } from "vitest";
import { liveReviewChecks } from "@/lib/genflow/checks/live-checks";
import type { StageData } from "@/lib/genflow/stage-data";

const stageData: StageData = {
  research: {
    sources: [{ id: "s1", number: 1, title: "Notes", origin: "writer-text", verified: true }],
    outline: [
      { id: "a", title: "Why roofs", points: [] },
      { id: "b", title: "What grows", points: [] },
    ],
  },
  writing: { targetLength: 1500 },
};

describe("liveReviewChecks", () => {
  it("recomputes the article's checks from the text alone: a section renamed away or a citation removed shows at once", () => {
    const text = "## Why roofs\nRoofs cool cities [1].\n\n## What grows\nHerbs.";
    const ok = liveReviewChecks({ text, language: "en", stageData });
    expect(ok.filter((c) => !c.passed).map((c) => c.id)).toEqual(["length"]);
    const edited = liveReviewChecks({ text: text.replace("## What grows", "## Crops").replace(" [1]", ""), language: "en", stageData });
    expect(edited.filter((c) => !c.passed).map((c) => c.id)).toEqual(["citations", "outline", "length"]);
  });

  it("a LinkedIn variant: its length against LinkedIn's 600 words, no outline headings asked, and its lost citations fail", () => {
    const checks = liveReviewChecks({
      text: "A hook line.\n\nShort post.",
      language: "en",
      stageData,
      variant: { platform: "linkedin", articleText: "A [1]. B [1]." },
    });
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.length).toMatchObject({ passed: true, message: "5 of at most 600 words" });
    expect(byId.outline.passed).toBe(true);
    expect(byId.citations).toMatchObject({ passed: false, message: "no citations left, though the text it came from had 2" });
  });
});
