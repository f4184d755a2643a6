import { describe, expect, it } from "vitest";
import { countWords, generateProse, parseMarkers } from "./content";
import { detectLanguage, estimateTokens } from "./text";

const outline = ["Why grow food in the city", "Choosing containers and soil", "Watering and maintenance", "Harvest"];
const enPrompt = (target: number) =>
  [
    "Write an article in Markdown.",
    "Topic: Sustainable urban gardening for beginners",
    "Language: en",
    `Target words: ${target}`,
    "Outline:",
    ...outline.map((h) => `## ${h}`),
    "Sources:",
    "[1] City Farming Handbook — https://example.org/a",
    "[2] Soil Basics — https://example.org/b",
    "[3] Rooftop gardens study — https://example.org/c",
  ].join("\n");

const citations = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

describe("parseMarkers", () => {
  it("reads language, outline, targets, sources and counts", () => {
    const m = parseMarkers(`${enPrompt(500)}\nCount: 4\nSections count: 6`);
    expect(m).toMatchObject({ lang: "en", headings: outline, target: 500, sources: [1, 2, 3] });
    expect(m.counts).toEqual({ general: 4, byField: { sections: 6 } });
    expect(parseMarkers("Language: zh\nTarget characters: 900").target).toBe(900);
  });

  it("detects Chinese from the marker or from mostly-CJK text", () => {
    expect(detectLanguage("Language: zh-CN\nWrite about tea")).toBe("zh");
    expect(detectLanguage("写一篇关于茶文化的文章，介绍历史和冲泡方法")).toBe("zh");
    expect(detectLanguage("Write about 茶 culture and its long history")).toBe("en");
  });
});

describe("generateProse", () => {
  it.each([150, 500, 1200, 3000])("hits Target words: %i within ±10 percent with the outline and valid citations", (target) => {
    const text = generateProse(enPrompt(target));
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(outline);
    const words = countWords(text, "en");
    expect(Math.abs(words - target) / target).toBeLessThanOrEqual(0.1);
    // Even a naive whitespace split (headings and markers included) stays close for real targets.
    if (target >= 500) expect(Math.abs(text.split(/\s+/).length - target) / target).toBeLessThanOrEqual(0.1);
    const cited = citations(text);
    expect(cited.every((n) => [1, 2, 3].includes(n))).toBe(true);
    expect(new Set(cited)).toEqual(new Set([1, 2, 3]));
    expect(text).toMatch(/gardening|urban/i);
  });

  it("writes every section with paragraphs, not just headings", () => {
    const text = generateProse(enPrompt(600));
    const sections = text.split(/^## .+$/m).slice(1);
    expect(sections).toHaveLength(outline.length);
    for (const body of sections) expect(countWords(body, "en")).toBeGreaterThan(60);
  });

  it("writes Chinese and counts characters for Target characters", () => {
    const prompt = "主题：城市阳台种菜入门\nLanguage: zh\nTarget characters: 800\n## 为什么在城市种菜\n## 选择容器和土壤\n[1] 城市农业手册\n[2] 土壤基础";
    const text = generateProse(prompt);
    const chars = countWords(text, "zh");
    expect(Math.abs(chars - 800) / 800).toBeLessThanOrEqual(0.1);
    expect(text).toContain("## 为什么在城市种菜");
    expect(text).toContain("城市阳台种菜入门");
    expect(new Set(citations(text))).toEqual(new Set([1, 2]));
    expect(text.match(/[A-Za-z]/g)).toBeNull();
  });

  it("is deterministic and never cites sources that do not exist", () => {
    expect(generateProse(enPrompt(300))).toBe(generateProse(enPrompt(300)));
    const plain = generateProse("Tell me about composting.");
    expect(citations(plain)).toEqual([]);
    expect(countWords(plain, "en")).toBeGreaterThan(50);
  });

  it("keeps the citations of a text it rewrites (styling, fixes), and only those", () => {
    const rewrite = ["Rewrite in the formal style for Blog.", "Article:", "## Costs", "Bills fell by a third [2]. Homes were warmer [4]."].join("\n");
    expect(parseMarkers(rewrite).sources).toEqual([2, 4]);
    expect(new Set(citations(generateProse(rewrite)))).toEqual(new Set([2, 4]));
  });
});

describe("estimateTokens", () => {
  it("counts ~4 characters per token and one per Han character", () => {
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("城市种菜")).toBe(4);
  });
});
