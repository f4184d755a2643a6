import { describe, expect, it } from "vitest";
import { describeCheck } from "@/lib/genflow/checks/messages";
import { checkPlatformRules } from "@/lib/ai/platforms";
import { computeReviewChecks } from "@/lib/genflow/checks/review-checks";
import { en } from "@/lib/locales/en";
import { zh } from "@/lib/locales/zh";

const ARTICLE = "## Why roofs\nRoofs are free space [1]. They cool the block [3].\n\n## What grows\nHerbs and greens grow well.";

describe("computeReviewChecks", () => {
  const checks = computeReviewChecks({
    text: ARTICLE,
    language: "en",
    sources: [
      { number: 1, title: "One", verified: true },
      { number: 2, title: "Two", verified: true },
    ],
    outlineTitles: ["Why roofs", "What grows", "Who benefits"],
    targetLength: 20,
    bannedTerms: ["free"],
  });
  const byId = Object.fromEntries(checks.map((c) => [c.id, c]));

  it("finds unresolved citations, missing sections, banned terms and the length against the target", () => {
    expect(checks.map((c) => c.id)).toEqual(["citations", "outline", "length", "banned-terms", "readability"]);
    expect(byId.citations).toMatchObject({ passed: false, message: "citations without a source: [3]" });
    expect(byId.outline).toMatchObject({ passed: false, message: "outline sections missing: Who benefits" });
    expect(byId["banned-terms"]).toMatchObject({ passed: false, message: "banned terms used: free" });
    expect(byId.length.message).toMatch(/^\d+ words, target 20 \([+-]\d+ %\)$/);
    expect(byId.readability.message).toMatch(/^Flesch reading ease -?\d+ \(60–70 is plain English\)$/);
  });

  it("words the same details in Chinese for the editor", () => {
    expect(describeCheck(byId.citations, zh.checkMessages)).toBe("没有对应来源的引用：[3]");
    expect(describeCheck(byId.outline, zh.checkMessages)).toBe("缺少大纲部分：Who benefits");
    expect(describeCheck(byId["banned-terms"], zh.checkMessages)).toBe("使用了禁用词：free");
    expect(describeCheck(byId.length, zh.checkMessages)).toMatch(/^\d+ 词，目标 20（[+-]\d+%）$/);
  });

  it("a Chinese article is measured in characters and sentence length", () => {
    const [, , length, , read] = computeReviewChecks({
      text: "屋顶农场很好。城市需要绿色。",
      language: "zh",
      sources: [],
      outlineTitles: [],
      targetLength: 12,
      bannedTerms: [],
    });
    expect(length.message).toBe("12 characters, target 12 (+0 %)");
    expect(describeCheck(length, zh.checkMessages)).toBe("12 字，目标 12（+0%）");
    expect(describeCheck(read, zh.checkMessages)).toBe("平均每句 6 字（建议 15–35 字）");
    expect(describeCheck({ id: "outline", details: { missing: [], total: 0 } }, en.checkMessages)).toBe("all 0 outline sections present");
  });

  it("a stored check without details keeps the message it was saved with", () => {
    expect(describeCheck({ id: "citations", message: "3 citations, all resolve to a source" }, zh.checkMessages)).toBe("3 citations, all resolve to a source");
    const older = { id: "length", message: "1200 characters, target 1000 (+20 %)", details: { length: 1200, targetLength: 1000 } };
    expect(describeCheck(older, zh.checkMessages)).toBe(older.message);
  });

  it("a deviation that rounds to zero is +0 %, never -0 %", () => {
    const check = { id: "length", details: { length: 999, targetLength: 1000, language: "en" } };
    expect(describeCheck(check, en.checkMessages)).toBe("999 words, target 1000 (+0 %)");
  });
});

describe("checkPlatformRules", () => {
  it("checks an X thread's length, headings and posts, worded in English for the API and Chinese for the editor", () => {
    const text = `## Heading\n\n${"x".repeat(300)}\n\nshort post`;
    const checks = checkPlatformRules({ text, platform: "x_thread", language: "en" });
    expect(checks.map((c) => [c.id, c.passed, c.message])).toEqual([
      ["max-length", true, "4 of at most 700 words"],
      ["no-headings", false, "has ## headings the platform does not render"],
      ["post-length", false, "1 of 3 posts over 280 characters"],
    ]);
    expect(checks.map((c) => describeCheck(c, zh.checkMessages))).toEqual(["4 词，上限 700 词", "含有该平台不显示的 ## 标题", "3 条帖子中有 1 条超过 280 字"]);
  });
});

describe("computeReviewChecks: citations count only verified sources, and lost citations never pass", () => {
  const base = { language: "en" as const, outlineTitles: [], bannedTerms: [] };
  const sources = [
    { number: 1, title: "Fetched page", origin: "writer-url", verified: true },
    { number: 2, title: "A model's suggestion", origin: "model", verified: false },
  ];
  const citations = (text: string, extra: { baselineCitations?: number; sources?: typeof sources } = {}) =>
    computeReviewChecks({ ...base, text, sources, ...extra }).find((c) => c.id === "citations");

  it("a citation of a source nobody fetched or pasted fails, naming it", () => {
    const check = citations("Roofs cool cities [1]. Bees like them [2].");
    expect(check).toMatchObject({ passed: false, details: { cited: 2, unresolved: [], unverified: [2] } });
    expect(check?.message).toBe("citations of sources nobody fetched or pasted: [2]");
    expect(describeCheck(check ?? { id: "citations" }, zh.checkMessages)).toBe("引用了未经抓取或粘贴核实的来源：[2]");
  });

  it("a text that lost every [n] fails against the text it came from", () => {
    const check = citations("Roofs cool cities. Bees like them.", { baselineCitations: 4 });
    expect(check).toMatchObject({ passed: false, details: { cited: 0, lost: 4 } });
    expect(check?.message).toBe("no citations left, though the text it came from had 4");
  });

  it("without a baseline, no citation at all fails when verified sources were gathered", () => {
    const check = citations("Roofs cool cities.");
    expect(check).toMatchObject({ passed: false, details: { cited: 0, uncited: 1 } });
    expect(check?.message).toBe("no citations, though 1 checked sources were gathered");
  });

  it("passes when every citation resolves to a verified source; a source stored before the flag counts unless the model suggested it", () => {
    expect(citations("Roofs cool cities [1].")).toMatchObject({ passed: true, message: "1 citations, all resolve to a source" });
    const legacy = [
      { number: 1, title: "Old", origin: undefined, verified: undefined },
      { number: 2, title: "Old model", origin: "model", verified: undefined },
    ];
    const check = computeReviewChecks({ ...base, text: "A [1]. B [2].", sources: legacy }).find((c) => c.id === "citations");
    expect(check?.details).toMatchObject({ unverified: [2] });
    expect(citations("No sources here.", { sources: [] })).toMatchObject({ passed: true });
  });

  it("a variant's length is measured against its platform's limit, not the draft's target", () => {
    const text = Array.from({ length: 50 }, () => "word").join(" ");
    const [, , length] = computeReviewChecks({ ...base, text, sources: [], targetLength: 1500, maxLength: 60 });
    expect(length).toMatchObject({ id: "length", passed: true, message: "50 of at most 60 words" });
    const [, , over] = computeReviewChecks({ ...base, text, sources: [], targetLength: 1500, maxLength: 40 });
    expect(over).toMatchObject({ passed: false, message: "50 of at most 40 words" });
    expect(describeCheck(over, zh.checkMessages)).toBe("50 词，上限 40 词");
  });
});
