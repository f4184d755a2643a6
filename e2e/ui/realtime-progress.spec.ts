import { expect, test } from "../fixtures";
import { runAction } from "../pipeline";

test.describe("journey: the writer watches a draft being written", () => {
  test("progress, current step and the live draft follow realtime events; a reload mid-run catches up", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(120_000);
    const res = await writerA.bearer.post("/api/genflow/sessions", { data: { title: "Rooftop farms", initialStage: "research" } });
    const { sessionId, articleId } = await res.json();
    await runAction(writerA, sessionId, "update_outline", {
      sections: ["Why roofs", "What grows", "Who benefits"].map((title) => ({ title, points: ["a point"] })),
    });
    await runAction(writerA, sessionId, "approve", { stage: "research" });

    const context = await browser.newContext({ storageState: await writerA.cookie.storageState() });
    const page = await context.newPage();
    await page.goto(`/articles/${articleId}`);
    await expect(page.getByTestId("stage-stepper").locator('[aria-current="step"]')).toContainText("Writing");
    await expect(page.getByTestId("progress-status")).toHaveAttribute("data-status", "idle");

    await page.locator('input[name="targetLength"]').fill("10000");
    await page.getByTestId("action-write_draft").click();
    // Driven by progress.update and draft.delta events while the run works.
    await expect(page.getByTestId("progress-status")).toHaveAttribute("data-status", "processing");
    // The draft streams into the document itself (rendered, read-only), not into a box beside it.
    await expect(page.getByTestId("draft-stream-text").locator("h2").first()).toHaveText("Why roofs", { timeout: 30_000 });
    const during = Number(await page.getByTestId("progress-bar").getAttribute("aria-valuenow"));
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThan(100);
    await page.screenshot({ path: testInfo.outputPath("writing-live.png"), fullPage: true });

    // A reload in the middle of the run picks up where the run is (or has finished), without missing the end.
    await page.reload();
    await expect(page.getByTestId("progress-status")).toHaveAttribute("data-status", "idle", { timeout: 60_000 });
    await expect(page.getByTestId("progress-value")).toHaveText("100%");
    await expect(page.getByTestId("article-content").locator("h2")).toHaveText(["Why roofs", "What grows", "Who benefits"]);
    await page.screenshot({ path: testInfo.outputPath("writing-done.png"), fullPage: true });
    await context.close();
  });
});
