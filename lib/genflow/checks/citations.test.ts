import { describe, expect, it } from "vitest";
import { citedNumbers, documentMarkdown, isVerifiedSource, referencesMarkdown } from "@/lib/genflow/checks/citations";

const SOURCES = [
  { number: 1, title: "City heat [study]", url: "https://example.org/heat", verified: true },
  { number: 2, title: "Pasted notes", verified: true },
  { number: 3, title: "A guess", url: "https://example.org/guess", origin: "model", verified: false },
];

describe("citations", () => {
  it("reads every [n] in order", () => {
    expect(citedNumbers("A [2]. B [1][2]. C [x].")).toEqual([2, 1, 2]);
  });

  it("a source is verified when fetched, pasted or found; a model's suggestion is not", () => {
    expect(SOURCES.map(isVerifiedSource)).toEqual([true, true, false]);
    expect(isVerifiedSource({ origin: "writer-url" })).toBe(true);
    expect(isVerifiedSource({ origin: "model" })).toBe(false);
  });

  it("lists the cited sources once each, by number, marking unverified ones", () => {
    expect(referencesMarkdown({ text: "A [3]. B [1]. C [1]. D [9].", sources: SOURCES, language: "en" })).toBe(
      "## References\n\n[1] [City heat \\[study\\]](https://example.org/heat)\n\n[3] [A guess](https://example.org/guess) (unverified)",
    );
    expect(referencesMarkdown({ text: "甲 [2]。", sources: SOURCES, language: "zh" })).toBe("## 参考资料\n\n[2] Pasted notes");
    expect(referencesMarkdown({ text: "No citations.", sources: SOURCES, language: "en" })).toBe("");
  });

  it("a document is its title, its text and its references", () => {
    expect(documentMarkdown({ title: "T", content: "Body [2].\n\n", sources: SOURCES, language: "en" })).toBe(
      "# T\n\nBody [2].\n\n## References\n\n[2] Pasted notes\n",
    );
    expect(documentMarkdown({ title: "T", content: "", sources: [], language: "en" })).toBe("# T\n");
  });
});
