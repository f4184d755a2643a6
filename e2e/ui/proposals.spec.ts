// Journey: the AI proposes, the writer decides — in the document. A revise run never overwrites what the writer
// typed meanwhile; its changes are shown in the text (struck / inserted) and in the side list, and are taken or
// dropped change by change (one revision for what was taken), in English and in Chinese.
import { expect, test } from "../fixtures";
import { readAction } from "../pipeline";
import { EditorPage, insertProposal, readArticle, revisions, slowModel, writingArticle } from "../pages/editor-page";

const API = "/api/genflow";

/** The article with a sentence added at the end of three of its paragraphs (three separate changes). */
function withThreeAdditions(content: string, sentences: string[]) {
  const blocks = content.split("\n\n");
  const paragraphs = blocks.map((b, i) => ({ b, i })).filter(({ b }) => !b.startsWith("#") && b.trim().length > 20);
  expect(paragraphs.length).toBeGreaterThanOrEqual(3);
  const picks = [paragraphs[0], paragraphs[Math.floor(paragraphs.length / 2)], paragraphs[paragraphs.length - 1]];
  picks.forEach(({ i }, n) => {
    blocks[i] = `${blocks[i]} ${sentences[n]}`;
  });
  return blocks.join("\n\n");
}

test.describe("journey: AI changes are proposals the writer reviews in the document", () => {
  test("accept 2 of 3 changes (in the text and in the list, by keyboard too) → one revision with those two, shown in place", async ({
    browser,
    writerA,
    sql,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { articleId, sessionId } = await writingArticle(writerA);
    const before = await readArticle(writerA, articleId);
    const added = ["Added sentence one.", "Added sentence two.", "Added sentence three."];
    await insertProposal(sql, before, withThreeAdditions(before.content, added), sessionId);

    const editor = await EditorPage.open(browser, writerA, articleId);
    await expect(editor.marks).toHaveCount(3);
    await expect(editor.list.getByTestId("proposal-change-row")).toHaveCount(3);
    for (const [n, sentence] of added.entries()) await expect(editor.marks.nth(n).getByTestId("proposal-ins")).toContainText(sentence);
    await editor.page.screenshot({ path: testInfo.outputPath("proposal-in-document.png"), fullPage: true });

    // Keyboard: Tab from the text reaches the first change's Accept button; Enter decides it.
    await editor.toStart();
    await editor.page.keyboard.press("Tab");
    await expect(editor.marks.nth(0).getByTestId("proposal-mark-accept")).toBeFocused();
    await editor.page.keyboard.press("Enter");
    await expect(editor.marks.nth(0)).toHaveAttribute("data-decision", "accept");
    // The list shows the same decision; the second change is accepted there, the third rejected in the text.
    await expect(editor.list.getByTestId("proposal-change-row").nth(0)).toHaveAttribute("data-decision", "accept");
    await editor.list.getByTestId("proposal-change-accept").nth(1).click();
    // Decisions stay local until every change is decided.
    await expect(editor.list.getByTestId("proposal-change-row").nth(1)).toHaveAttribute("data-decision", "accept");
    expect((await readArticle(writerA, articleId)).version).toBe(before.version);
    await editor.marks.nth(2).getByTestId("proposal-mark-reject").click();

    // The last decision resolves the proposal: one revision, taken in place (no reload).
    await expect(editor.marks).toHaveCount(0, { timeout: 15_000 });
    await expect(editor.version).toContainText(String(before.version + 1));
    await expect(editor.content).toContainText(added[0]);
    await expect(editor.content).toContainText(added[1]);
    await expect(editor.content).not.toContainText(added[2]);
    const after = await readArticle(writerA, articleId);
    expect(after.version).toBe(before.version + 1);
    expect(after.content).toContain(added[0]);
    expect(after.content).toContain(added[1]);
    expect(after.content).not.toContain(added[2]);
    const newest = (await revisions(writerA, articleId))[0];
    expect(newest).toMatchObject({ version: before.version + 1, source: "stage" });
    await expect(editor.list.getByTestId("proposal-list-empty")).toBeVisible();
    await editor.close();
  });

  test("reject all → the article is unchanged and the proposal is recorded as rejected", async ({ browser, writerA, sql }) => {
    const { articleId, sessionId } = await writingArticle(writerA);
    const before = await readArticle(writerA, articleId);
    const proposalId = await insertProposal(sql, before, withThreeAdditions(before.content, ["One more.", "Two more.", "Three more."]), sessionId);
    const editor = await EditorPage.open(browser, writerA, articleId);
    await expect(editor.marks).toHaveCount(3);
    await editor.list.getByTestId("proposal-reject-all").click();
    await expect(editor.marks).toHaveCount(0);
    await expect(editor.list.getByTestId("proposal-list-empty")).toBeVisible();
    const after = await readArticle(writerA, articleId);
    expect(after).toMatchObject({ version: before.version, content: before.content });
    const proposal = (await (await writerA.bearer.get(`${API}/articles/${articleId}/proposals/${proposalId}`)).json()) as { status: string };
    expect(proposal.status).toBe("rejected");
    await editor.close();
  });

  test("zh: a proposal over Chinese text is shown in place and merges exactly", async ({ browser, writerA, sql }, testInfo) => {
    test.setTimeout(120_000);
    const { articleId, sessionId } = await writingArticle(writerA, { language: "zh" });
    const before = await readArticle(writerA, articleId);
    const paragraph = before.content.split("\n\n").find((b) => !b.startsWith("#") && /[\u4e00-\u9fff]{8}/.test(b));
    expect(paragraph).toBeTruthy();
    // A heading renamed, and two characters inserted in the middle of a Chinese sentence.
    const cut = Math.floor((paragraph ?? "").length / 2);
    const edited = `${paragraph?.slice(0, cut)}明显${paragraph?.slice(cut)}`;
    const proposed = before.content.replace(paragraph ?? "", edited).replace("## 种什么", "## 屋顶上种什么");
    await insertProposal(sql, before, proposed, sessionId);

    const editor = await EditorPage.open(browser, writerA, articleId, "zh");
    await expect(editor.marks).toHaveCount(2);
    await expect(editor.content.getByTestId("proposal-ins").filter({ hasText: "明显" })).toHaveCount(1);
    await expect(editor.list.getByTestId("proposal-accept-all")).toHaveText("全部接受");
    await editor.page.screenshot({ path: testInfo.outputPath("proposal-zh.png"), fullPage: true });
    await editor.list.getByTestId("proposal-accept-all").click();
    await expect(editor.marks).toHaveCount(0, { timeout: 15_000 });
    const after = await readArticle(writerA, articleId);
    expect(after.content).toBe(proposed);
    await expect(editor.content.locator("h2", { hasText: "屋顶上种什么" })).toHaveCount(1);
    await expect(editor.content).toContainText(edited.replace(/\*\*/g, ""));
    await editor.close();
  });

  test("a sentence typed while revise_draft runs is in the article afterwards, and the revision waits as a proposal", async ({ browser, writerA }) => {
    test.setTimeout(150_000);
    const { articleId, sessionId, tag } = await writingArticle(writerA);
    const before = await readArticle(writerA, articleId);
    const editor = await EditorPage.open(browser, writerA, articleId);
    const restore = await slowModel({ ttftMs: 2500, tokensPerSecond: 120 }, `Tighten it (${tag})`);
    let actionId: string;
    try {
      const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, {
        data: { action: "revise_draft", parameters: { instruction: `Tighten it (${tag})` } },
      });
      expect(res.status()).toBe(202);
      actionId = ((await res.json()) as { actionId: string }).actionId;
      // The editor stays editable while the run works.
      await expect(editor.page.getByTestId("run-working")).toBeVisible({ timeout: 10_000 });
      await expect(editor.content).toHaveAttribute("contenteditable", "true");
      await editor.toEnd();
      await editor.page.keyboard.type(" Typed during the revision.");
      await editor.saved();
    } finally {
      await restore();
    }
    await expect
      .poll(async () => (await readAction(writerA, sessionId, actionId)).status, {
        timeout: 90_000,
      })
      .toBe("succeeded");
    // Never only in History: the sentence is in the article, and in the editor.
    const after = await readArticle(writerA, articleId);
    expect(after.version).toBe(before.version + 1);
    expect(after.content).toContain("Typed during the revision.");
    // In the editor too: as the text, or struck as the writer's side of a visible overlap with the AI's change.
    await expect(editor.content).toContainText("Typed during the revision");
    await expect(editor.list.getByTestId("proposal")).toHaveCount(1, { timeout: 15_000 });
    await expect(editor.marks.first()).toBeVisible();
    await editor.close();
  });
});
