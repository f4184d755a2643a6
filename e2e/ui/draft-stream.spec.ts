// Journey: the first draft is written into the page. While write_draft runs on an empty article the text shows
// as it arrives (rendered, read-only), a reload mid-stream rebuilds it from the event log from its first words,
// and Stop cancels the run; a draft that finishes becomes the editable article in place.
import { expect, test } from "../fixtures";
import { readAction } from "../pipeline";
import { EditorPage, readArticle, slowModel, writingArticle } from "../pages/editor-page";

const API = "/api/genflow";

test.describe("journey: the draft streams into the document", () => {
  test("streamed text is rendered, survives a reload from its start, and Stop cancels the run", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(150_000);
    const { articleId, sessionId, tag } = await writingArticle(writerA, { draft: false });
    const before = await readArticle(writerA, articleId);
    expect(before.content).toBe("");
    const editor = await EditorPage.open(browser, writerA, articleId);
    const restore = await slowModel({ ttftMs: 300, tokensPerSecond: 25 }, tag);
    try {
      const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "write_draft", parameters: { targetLength: 400 } } });
      expect(res.status()).toBe(202);
      const { actionId } = (await res.json()) as { actionId: string };
      const stream = editor.page.getByTestId("draft-stream");
      // Rendered, not raw Markdown: the outline's first heading is a heading.
      await expect(stream.getByTestId("draft-stream-text").locator("h2").first()).toHaveText("Why roofs", { timeout: 20_000 });
      await expect(stream.getByTestId("draft-stream-text")).not.toContainText("## ");
      await expect(editor.page.getByTestId("editor-mine")).toBeHidden();
      await editor.page.screenshot({ path: testInfo.outputPath("draft-streaming.png"), fullPage: true });

      // A reload mid-stream: the text so far comes back from the log, from its first heading on.
      await editor.page.reload();
      await expect(stream.getByTestId("draft-stream-text").locator("h2").first()).toHaveText("Why roofs", { timeout: 20_000 });
      const length = (await stream.getByTestId("draft-stream-text").textContent())?.length ?? 0;
      await expect.poll(async () => (await stream.getByTestId("draft-stream-text").textContent())?.length ?? 0).toBeGreaterThan(length);

      await stream.getByTestId("stop-run").click();
      await expect.poll(async () => (await readAction(writerA, sessionId, actionId)).status).toBe("cancelled");
      await expect(stream).toBeHidden();
      await expect(editor.content).toHaveAttribute("contenteditable", "true");
      expect(await readArticle(writerA, articleId)).toMatchObject({ version: before.version, content: "" });
    } finally {
      await restore();
    }

    // Run to the end this time: the draft becomes the article, editable, in place.
    const again = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, { data: { action: "write_draft", parameters: { targetLength: 300 } } });
    expect(again.status()).toBe(202);
    await expect(editor.content.locator("h2").first()).toHaveText("Why roofs", { timeout: 30_000 });
    await expect(editor.content).toHaveAttribute("contenteditable", "true");
    await expect(editor.page.getByTestId("draft-stream")).toBeHidden();
    const drafted = await readArticle(writerA, articleId);
    expect(drafted.version).toBe(before.version + 1);
    await expect(editor.version).toContainText(String(drafted.version));
    await editor.close();
  });
});
