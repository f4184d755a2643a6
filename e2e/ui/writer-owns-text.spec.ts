// Journey: nothing the writer typed is replaced without their decision — not by an Accept whose answer is still on
// its way, not by "Accept all" over an overlap with their edits, not by a write_draft run over text they are
// writing (issue 9).
import { expect, test } from "../fixtures";
import { EditorPage, insertProposal, readArticle, saveArticle, slowModel, writingArticle } from "../pages/editor-page";
import { readAction, runAction } from "../pipeline";

const API = "/api/genflow";

/** The article with `sentence` added at the end of its first (or last) body paragraph. */
function addTo(content: string, where: "first" | "last", sentence: string) {
  const blocks = content.split("\n\n");
  const body = blocks.map((b, i) => ({ b, i })).filter(({ b }) => !b.startsWith("#") && b.trim().length > 20);
  expect(body.length).toBeGreaterThanOrEqual(2);
  const { i } = where === "first" ? body[0] : body[body.length - 1];
  blocks[i] = `${blocks[i]} ${sentence}`;
  return blocks.join("\n\n");
}

test.describe("journey: the writer owns the text", () => {
  test("text typed while an Accept is in flight survives the accepted change and is saved", async ({ browser, writerA, sql }) => {
    test.setTimeout(120_000);
    const { articleId, sessionId } = await writingArticle(writerA);
    const before = await readArticle(writerA, articleId);
    await insertProposal(sql, before, addTo(before.content, "first", "Added by the AI."), sessionId);
    const editor = await EditorPage.open(browser, writerA, articleId);
    await expect(editor.marks).toHaveCount(1);

    // The accept reaches the server at once; its answer is held until the writer has typed.
    let sent: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      sent = resolve;
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await editor.page.route("**/proposals/*/accept", async (route) => {
      const response = await route.fetch();
      sent();
      await gate;
      await route.fulfill({ response });
    });
    await editor.toEnd();
    await editor.list.getByTestId("proposal-accept-all").click();
    await reached;
    await editor.toEnd();
    await editor.page.keyboard.type(" Typed while accepting.");
    release();

    await expect(editor.marks).toHaveCount(0, { timeout: 15_000 });
    await expect(editor.content).toContainText("Added by the AI.");
    await expect(editor.content).toContainText("Typed while accepting.");
    await editor.saved();
    const after = await readArticle(writerA, articleId);
    expect(after.content).toContain("Added by the AI.");
    expect(after.content).toContain("Typed while accepting.");
    expect(after.version).toBeGreaterThanOrEqual(before.version + 2);
    await editor.close();
  });

  test("Accept all takes the clean changes only: an overlap with the writer's edit waits for their decision", async ({ browser, writerA, sql }) => {
    test.setTimeout(120_000);
    const { articleId, sessionId } = await writingArticle(writerA);
    const before = await readArticle(writerA, articleId);
    const proposed = addTo(addTo(before.content, "first", "A clean AI addition."), "last", "The AI's ending.");
    await insertProposal(sql, before, proposed, sessionId);
    // The writer (another tab) ended the same paragraph differently after the proposal was made.
    const mine = await saveArticle(writerA, articleId, before.version, addTo(before.content, "last", "The writer's ending."));

    const editor = await EditorPage.open(browser, writerA, articleId);
    const rows = editor.list.getByTestId("proposal-change-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.and(editor.page.locator('[data-kind="conflict"]'))).toHaveCount(1);
    const acceptAll = editor.list.getByTestId("proposal-accept-all");
    await expect(acceptAll).toHaveText("Accept all but overlaps");
    await acceptAll.click();

    // Nothing applied yet: the clean change is marked accepted, the overlap is left to the writer and they are told.
    await expect(editor.list.getByTestId("proposal-overlaps-left")).toContainText("1 overlap your edits");
    await expect(editor.list.locator('[data-testid="proposal-change-row"][data-kind="conflict"]')).toHaveAttribute("data-decision", "none");
    await expect(editor.list.locator('[data-testid="proposal-change-row"]:not([data-kind="conflict"])')).toHaveAttribute("data-decision", "accept");
    expect((await readArticle(writerA, articleId)).version).toBe(mine.version);

    // The writer keeps their ending: the proposal resolves with the clean change only.
    await editor.list.locator('[data-testid="proposal-change-row"][data-kind="conflict"]').getByTestId("proposal-change-reject").click();
    await expect(editor.marks).toHaveCount(0, { timeout: 15_000 });
    const after = await readArticle(writerA, articleId);
    expect(after.version).toBe(mine.version + 1);
    expect(after.content).toContain("A clean AI addition.");
    expect(after.content).toContain("The writer's ending.");
    expect(after.content).not.toContain("The AI's ending.");
    await expect(editor.content).toContainText("The writer's ending.");
    await editor.close();
  });

  test("a variant saved in another tab meanwhile is merged with the writer's unsaved edit, not overwritten", async ({ browser, writerA }) => {
    test.setTimeout(150_000);
    const { articleId, sessionId } = await writingArticle(writerA);
    await runAction(writerA, sessionId, "approve", { stage: "writing" });
    await runAction(writerA, sessionId, "apply_style", { preset: "storytelling", platform: "blog" });
    const variantsUrl = `${API}/articles/${articleId}/variants`;
    const [variant] = ((await (await writerA.bearer.get(variantsUrl)).json()) as { variants: { id: string; content: string; version: number }[] }).variants;

    const editor = await EditorPage.open(browser, writerA, articleId);
    const item = editor.page.getByTestId(`variant-${variant.id}`);
    await item.getByTestId("variant-open").click();
    const field = item.getByTestId("variant-content");
    await field.fill(`${variant.content}\n\nMine at the end.`);
    // Unsaved edits: Apply would propose the stored copy, not what is on screen.
    await expect(item.getByTestId("variant-apply")).toBeDisabled();
    // Another tab saves the variant first, changing its beginning.
    const other = await writerA.bearer.patch(`${variantsUrl}/${variant.id}`, {
      data: { version: variant.version, content: `Theirs first.\n\n${variant.content}` },
    });
    expect(other.status()).toBe(200);

    await item.getByTestId("variant-save").click();
    await expect(item.getByRole("alert")).toContainText("merged");
    await expect(field).toHaveValue(/^Theirs first\.[\s\S]*Mine at the end\.$/);
    await item.getByTestId("variant-save").click();
    await expect(item.getByRole("status")).toBeVisible();
    const saved = (await (await writerA.bearer.get(`${variantsUrl}/${variant.id}`)).json()) as { content: string; version: number };
    expect(saved.version).toBe(variant.version + 2);
    expect(saved.content.startsWith("Theirs first.")).toBe(true);
    expect(saved.content.endsWith("Mine at the end.")).toBe(true);
    await editor.close();
  });

  for (const apply of ["review", "auto"] as const) {
    test(`a sentence typed while write_draft (apply: ${apply}) rewrites existing text is in the article or in a visible overlap afterwards`, async ({
      browser,
      writerA,
    }) => {
      test.setTimeout(150_000);
      const { articleId, sessionId, tag } = await writingArticle(writerA);
      const editor = await EditorPage.open(browser, writerA, articleId);
      const restore = await slowModel({ ttftMs: 2500, tokensPerSecond: 120 }, tag);
      let actionId: string;
      try {
        const res = await writerA.bearer.post(`${API}/sessions/${sessionId}/actions`, {
          // Another length than the first draft: the fake model then writes another text (a real rewrite).
          data: { action: "write_draft", parameters: { targetLength: 500 }, apply },
        });
        expect(res.status(), await res.text()).toBe(202);
        actionId = ((await res.json()) as { actionId: string }).actionId;
        // The article has text: no draft streams over it, the editor stays editable.
        await expect(editor.page.getByTestId("run-working")).toBeVisible({ timeout: 10_000 });
        await expect(editor.content).toHaveAttribute("contenteditable", "true");
        await editor.toEnd();
        await editor.page.keyboard.type(" Typed during the new draft.");
        await editor.saved();
      } finally {
        await restore();
      }
      await expect
        .poll(async () => (await readAction(writerA, sessionId, actionId)).status, {
          timeout: 90_000,
        })
        .toBe("succeeded");
      await expect(editor.page.getByTestId("run-working")).toBeHidden({ timeout: 15_000 });
      const after = await readArticle(writerA, articleId);
      const overlapsMine = editor.list.getByTestId("conflict-yours").filter({ hasText: "Typed during the new draft" });
      if (after.content.includes("Typed during the new draft.")) {
        await expect(editor.content).toContainText("Typed during the new draft");
      } else {
        // Not in the text: then only as the writer's side of an overlap they decide.
        await expect(overlapsMine).toHaveCount(1, { timeout: 15_000 });
      }
      if (apply === "review") {
        // Review: the new draft waits as a proposal, the writer's sentence is in the article.
        expect(after.content).toContain("Typed during the new draft.");
        await expect(editor.list.getByTestId("proposal")).toHaveCount(1, { timeout: 15_000 });
      }
      await editor.close();
    });
  }
});
