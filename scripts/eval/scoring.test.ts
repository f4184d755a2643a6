import { describe, expect, it } from "vitest";
import type { Brief } from "./briefs";
import { extractCitations, findBannedTerms, meanOf, resolveCitation, scoreArticle } from "./scoring";

const brief: Brief = {
  id: "en-test",
  language: "en",
  topic: "Heat pumps",
  angle: "Costs",
  audience: "Councillors",
  targetLength: 40,
  style: { preset: "formal", platform: "newsletter" },
  bannedTerms: ["game-changer", "Revolutionary"],
  sources: [
    { title: "Final report", text: "412 homes got heat pumps. Bills fell from 2,140 to 1,390 pounds." },
    { title: "Survey", text: "81 percent said their homes were warmer." },
  ],
};
const researchSources = [
  { number: 1, title: "Final report", origin: "writer-text" },
  { number: 2, title: "Survey", origin: "writer-text" },
  { number: 3, title: "A page the model suggested", origin: "model" },
];

describe("extractCitations", () => {
  it("gives each marker its own sentence, keeps 3.5 whole and counts a marker after the full stop for the sentence it ends", () => {
    const text = "## Costs\n\nThe loan cost 3.5 percent a year [1]. Bills fell.[1] Most homes were warmer [2][3]! No claim here.";
    expect(extractCitations(text)).toEqual([
      { number: 1, sentence: "The loan cost 3.5 percent a year." },
      { number: 1, sentence: "Bills fell." },
      { number: 2, sentence: "Most homes were warmer!" },
      { number: 3, sentence: "Most homes were warmer!" },
    ]);
  });

  it("splits Chinese sentences at 。！？ and attaches a marker after 。 to the sentence before", () => {
    expect(extractCitations("电梯平均造价48万元[1]。补贴20万元。[2]其余由业主分摊[1]！")).toEqual([
      { number: 1, sentence: "电梯平均造价48万元。" },
      { number: 2, sentence: "补贴20万元。" },
      { number: 1, sentence: "其余由业主分摊！" },
    ]);
  });

  it("leaves out headings and reference-list entries, which cite nothing", () => {
    const text = "## Sources [1]\n\nA claim [2].\n\n## References\n\n[1] Final report\n- [2]: Survey";
    expect(extractCitations(text)).toEqual([{ number: 2, sentence: "A claim." }]);
  });
});

describe("resolveCitation", () => {
  it("resolves [n] to the brief's n-th source when research stored it from the writer's text under that title", () => {
    expect(resolveCitation({ number: 2, researchSources, brief })?.title).toBe("Survey");
  });

  it("does not resolve a number research does not have, a model-suggested source, or a source whose title differs", () => {
    expect(resolveCitation({ number: 7, researchSources, brief })).toBeNull();
    expect(resolveCitation({ number: 3, researchSources, brief })).toBeNull();
    expect(resolveCitation({ number: 1, researchSources: [{ number: 1, title: "Something else", origin: "writer-text" }], brief })).toBeNull();
  });
});

describe("scoreArticle", () => {
  const text = [
    "## Costs",
    "",
    "The programme fitted 412 homes with heat pumps [1]. Median bills fell to 1,390 pounds [1].",
    "",
    "## Comfort",
    "",
    "Most households said their homes were warmer [2]. Critics call it revolutionary [3].",
  ].join("\n");

  it("counts citations and the share that resolve, outline sections present, banned terms and length errors", () => {
    const score = scoreArticle({ brief, text, outlineTitles: ["Costs", "Comfort", "Next steps"], researchSources });
    expect(score.citations).toBe(4);
    expect(score.resolvedShare).toBe(0.75);
    expect(score.outline).toEqual({ covered: 2, total: 3, share: 2 / 3 });
    expect(score.bannedFound).toEqual(["Revolutionary"]);
    // countLength (the review's measure) counts words and numbers, headings included: 32 here.
    expect(score.length).toBe(32);
    expect(score.lengthError).toBeCloseTo((32 - 40) / 40);
    // newsletter: at most 1,500 words in English.
    expect(score.platformLengthError).toBeCloseTo((32 - 1500) / 1500);
    expect(score.readability).toBeGreaterThan(0);
  });

  it("has no shares without citations or outline, and no platform error for a platform without a maximum", () => {
    const score = scoreArticle({ brief: { ...brief, style: { preset: "formal", platform: "blog" } }, text: "Plain text.", outlineTitles: [], researchSources });
    expect(score.resolvedShare).toBeNull();
    expect(score.outline.share).toBeNull();
    expect(score.platformLengthError).toBeNull();
  });

  it("measures a Chinese article in characters and readability as characters per sentence", () => {
    const zh: Brief = { ...brief, language: "zh", targetLength: 20, style: { preset: "formal", platform: "wechat" } };
    const score = scoreArticle({ brief: zh, text: "电梯平均造价四十八万元[1]。业主分摊其余费用。", outlineTitles: [], researchSources });
    expect(score.length).toBe(20);
    expect(score.lengthError).toBe(0);
    expect(score.readability).toBe(10);
    expect(score.platformLengthError).toBeCloseTo((20 - 5000) / 5000);
  });
});

describe("findBannedTerms and meanOf", () => {
  it("finds terms case-insensitively and averages only the numbers present", () => {
    expect(findBannedTerms("A Game-Changer, truly.", ["game-changer", "miracle"])).toEqual(["game-changer"]);
    expect(meanOf([1, null, 3, undefined])).toBe(2);
    expect(meanOf([null])).toBeNull();
  });
});
