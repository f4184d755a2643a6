// `npm run eval`'s harness end to end on the fake model: two briefs (one English, one Chinese) through the whole
// pipeline over the REST API, scored, judged and written out. The figures are the fake model's: the test
// checks the harness (every stage reached, citations found and resolved, files and table), never quality.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBriefs } from "../../scripts/eval/briefs";
import { PIPELINE_STEPS, runEval } from "../../scripts/eval/harness";
import { FAKE_MODEL_NOTE, formatTable, isFakeRun } from "../../scripts/eval/report";
import { expect, test } from "../fixtures";

test.describe("npm run eval: POST /api/genflow/sessions → actions (topic … export) → GET /articles/{id}/export", () => {
  test("two briefs reach export, their articles are scored and judged, and the table lists both", async ({ writerA }) => {
    test.setTimeout(240_000);
    const outDir = await mkdtemp(join(tmpdir(), "genflow-eval-"));
    try {
      const briefs = await loadBriefs({ ids: ["en-heat-pumps", "zh-elevator-retrofit"] });
      const results = await runEval({
        baseUrl: process.env.E2E_BASE_URL ?? "",
        token: writerA.token,
        briefs,
        outDir,
        concurrency: 2,
        pollMs: 200,
        judge: { baseURL: process.env.E2E_FAKE_OPENAI_URL, apiKey: "fake-key", model: "fake-writer-1", apiMode: "chat" },
      });

      expect(results.map((r) => r.brief.id)).toEqual(["en-heat-pumps", "zh-elevator-retrofit"]);
      for (const r of results) {
        expect(r.error, r.brief.id).toBeNull();
        expect(r.reached).toEqual([...PIPELINE_STEPS]);
        expect(r.models).toEqual(["fake-writer-1"]);
        const score = r.score;
        if (!score) throw new Error(`${r.brief.id}: no score`);
        // The fake cites the numbered sources it is given: research numbered the brief's pasted texts 1…n.
        expect(score.citations).toBeGreaterThan(0);
        expect(score.resolvedShare).toBe(1);
        expect(score.outline.total).toBeGreaterThan(0);
        expect(score.length).toBeGreaterThan(0);
        expect(r.supportedShare).not.toBeNull();
        // One judge call per resolved citation.
        expect(r.judgeUsage?.calls).toBe(score.citations);
        // discover, research, draft, style and review each call the model at least once.
        expect(r.usage.calls).toBeGreaterThanOrEqual(5);
        expect(r.usage.inputTokens).toBeGreaterThan(0);
        expect(r.usage.outputTokens).toBeGreaterThan(0);
        const dir = join(outDir, r.brief.id);
        const article = await readFile(join(dir, "article.md"), "utf8");
        expect(article.trim().length).toBeGreaterThan(100);
        expect(article).toMatch(/\[\d+\]/);
        const review = JSON.parse(await readFile(join(dir, "review.json"), "utf8")) as { checks: { id: string }[] };
        expect(review.checks.map((c) => c.id)).toContain("citations");
        const usage = JSON.parse(await readFile(join(dir, "usage.json"), "utf8")) as { usage: { calls: number } };
        expect(usage.usage.calls).toBe(r.usage.calls);
      }
      // The Chinese article is measured in characters, the English one in words.
      const [en, zh] = results;
      expect(zh.score?.readability).toBeGreaterThan(0);
      expect(en.brief.language).toBe("en");

      const summary = JSON.parse(await readFile(join(outDir, "summary.json"), "utf8")) as unknown[];
      expect(summary).toHaveLength(2);
      const table = formatTable(results, { fake: isFakeRun(results, false), judged: true });
      console.log(table);
      expect(table).toContain(FAKE_MODEL_NOTE);
      expect(table).toMatch(/^en-heat-pumps\s+en\s+export\s/m);
      expect(table).toMatch(/^zh-elevator-retrofit\s+zh\s+export\s/m);
      expect(table).toMatch(/^mean \(2\)\s+2\/2 ok/m);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
