// Journey: one article open in two places. An edit saved in one shows in the other without a reload; edits made
// in both merge (only overlapping ones ask), and nothing either side typed is lost without the writer's choice.
import { expect, test } from "../fixtures";
import { EditorPage, readArticle, revisions, writingArticle } from "../pages/editor-page";

test.describe("journey: the same article in two browser contexts stays in step", () => {
  test("an edit in one context shows in the other within 2 s, without a reload", async ({ browser, writerA }) => {
    test.setTimeout(120_000);
    const { articleId } = await writingArticle(writerA);
    const start = await readArticle(writerA, articleId);
    const a = await EditorPage.open(browser, writerA, articleId);
    const b = await EditorPage.open(browser, writerA, articleId);

    await a.toEnd();
    await a.page.keyboard.type(" Live from A.");
    await a.saved();
    await expect(b.content).toContainText("Live from A.", { timeout: 2_000 });
    await expect(b.version).toContainText(String(start.version + 1));
    await expect(b.saveStatus).not.toHaveAttribute("data-state", "conflict");

    // And back: B's edit reaches A the same way.
    await b.toStart();
    await b.page.keyboard.type("Back from B. ");
    await b.saved();
    await expect(a.content).toContainText("Back from B.", { timeout: 2_000 });
    await expect(a.content).toContainText("Live from A.");
    expect((await readArticle(writerA, articleId)).version).toBe(start.version + 2);
    await a.close();
    await b.close();
  });

  test("edits in both: what does not overlap merges silently, an overlap asks, and the choice is saved", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(120_000);
    const { articleId } = await writingArticle(writerA);
    const start = await readArticle(writerA, articleId);
    const a = await EditorPage.open(browser, writerA, articleId);
    const b = await EditorPage.open(browser, writerA, articleId);

    // B works offline: it cannot hear about A's save, nor save its own.
    await b.page.context().setOffline(true);
    await b.toStart();
    await b.page.keyboard.type("Intro from B. ");
    await b.page.keyboard.press("Control+End");
    await b.page.keyboard.type(" Beta from B.");
    await expect(b.saveStatus).toHaveAttribute("data-state", /offline|error|dirty|saving/);

    await a.toEnd();
    await a.page.keyboard.type(" Alpha from A.");
    await a.saved();

    // Back online: B's start edit merges with A's text; both ends of the last paragraph overlap: B is asked.
    await b.page.context().setOffline(false);
    const banner = b.page.getByTestId("conflict-banner");
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner.getByTestId("merge-overlap")).toHaveCount(1);
    await expect(banner.getByTestId("merge-mine")).toContainText("Beta from B");
    await expect(banner.getByTestId("conflict-theirs-content")).toContainText("Alpha from A");
    await expect(b.content).toContainText("Intro from B.");
    // Nothing is stored while B chooses.
    expect((await readArticle(writerA, articleId)).content).not.toContain("Intro from B.");
    await b.page.screenshot({ path: testInfo.outputPath("live-sync-overlap.png"), fullPage: true });

    await banner.getByTestId("conflict-take-theirs").click();
    await banner.getByTestId("conflict-done").click();
    await expect(banner).toBeHidden();
    await b.saved();
    const merged = await readArticle(writerA, articleId);
    expect(merged.version).toBe(start.version + 2);
    expect(merged.content).toContain("Intro from B.");
    expect(merged.content).toContain("Alpha from A.");
    expect(merged.content).not.toContain("Beta from B.");
    await expect(b.content).toContainText("Alpha from A.");
    await expect(b.content).not.toContainText("Beta from B.");
    // A, idle, follows without a reload.
    await expect(a.content).toContainText("Intro from B.", { timeout: 2_000 });
    // Every version is in the history.
    expect((await revisions(writerA, articleId)).map((r) => r.version)).toEqual(expect.arrayContaining([start.version + 1, start.version + 2]));
    await a.close();
    await b.close();
  });
});
