import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EvalInputError, loadBriefs } from "./briefs";
import { retryAfterMs } from "./client";

describe("eval/briefs", () => {
  it("holds 12 valid briefs, 6 English and 6 Chinese, each with 2–4 sources and 1–2 banned terms", async () => {
    const briefs = await loadBriefs();
    expect(briefs).toHaveLength(12);
    expect(briefs.filter((b) => b.language === "en")).toHaveLength(6);
    expect(briefs.filter((b) => b.language === "zh")).toHaveLength(6);
    for (const b of briefs) {
      expect(b.sources.length).toBeGreaterThanOrEqual(2);
      expect(b.sources.length).toBeLessThanOrEqual(4);
      // A banned term the sources themselves use would be a trap the brief sets, not one the model falls into.
      for (const term of b.bannedTerms) expect(b.sources.some((s) => s.text.toLowerCase().includes(term.toLowerCase()))).toBe(false);
    }
  });

  it("picks briefs by id and names an unknown one", async () => {
    expect((await loadBriefs({ ids: ["zh-battery-swap", "en-heat-pumps"] })).map((b) => b.id)).toEqual(["en-heat-pumps", "zh-battery-swap"]);
    await expect(loadBriefs({ ids: ["en-nope"] })).rejects.toThrow(/unknown brief\(s\): en-nope/);
  });

  it("rejects a brief that breaks the schema, naming the file and the field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "briefs-"));
    await writeFile(join(dir, "en-bad.yaml"), "id: en-bad\nlanguage: fr\ntopic: x\n");
    const error = await loadBriefs({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalInputError);
    expect(String(error)).toMatch(/en-bad\.yaml/);
    expect(String(error)).toMatch(/language/);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds or an HTTP date, and waits a second when the header is missing", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBe(1000);
  });
});
