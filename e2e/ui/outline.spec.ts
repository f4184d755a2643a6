// The outline belongs to the writer (research stage, fake model): edits autosave without taking the field from
// under the writer, Approve carries edits that were never saved by hand, and a re-run of research keeps the
// writer's sections — marked as theirs — while it refreshes the AI's.
import type { Browser, Page } from "@playwright/test";
import { expect, test, type Writer } from "../fixtures";
import { WorkspacePage } from "../pages/workspace-page";
import { runAction } from "../pipeline";

const API = "/api/genflow";
const NOTES = "Rooftop farms cool buildings in summer and feed the neighbourhood.";

async function researchSession(writer: Writer) {
  const res = await writer.bearer.post(`${API}/sessions`, { data: { title: "Rooftop farms", initialStage: "research" } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { sessionId: string; articleId: string };
}

async function open(browser: Browser, writer: Writer, articleId: string, locale?: "zh"): Promise<Page> {
  const context = await browser.newContext({ storageState: await writer.cookie.storageState() });
  if (locale) {
    const base = new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100");
    await context.addCookies([{ name: "genflow-locale", value: locale, domain: base.hostname, path: "/" }]);
  }
  const page = await context.newPage();
  await page.goto(`/articles/${articleId}`);
  return page;
}

async function storedOutline(writer: Writer, sessionId: string) {
  const view = (await (await writer.bearer.get(`${API}/sessions/${sessionId}`)).json()) as {
    stageData: { research?: { outline?: { id: string; title: string; origin?: string }[] } };
  };
  return view.stageData.research?.outline ?? [];
}

const titlesOf = (page: Page) =>
  page
    .getByTestId("outline-editor")
    .getByTestId("outline-title")
    .evaluateAll((inputs) => inputs.map((i) => (i instanceof HTMLInputElement ? i.value : "")));

test.describe("journey: the outline belongs to the writer", () => {
  test("rename a section and add one, Approve without Save → the draft's headings follow the new outline", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(120_000);
    const { sessionId, articleId } = await researchSession(writerA);
    await runAction(writerA, sessionId, "research_topic", { sources: [{ title: "Notes", text: NOTES }] });
    const page = await open(browser, writerA, articleId);
    const ws = new WorkspacePage(page);
    const outline = page.getByTestId("outline-editor");
    const fields = outline.getByTestId("outline-title");
    await expect(fields.first()).toBeVisible();
    const before = await titlesOf(page);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await expect(outline.getByTestId("outline-yours")).toHaveCount(0);

    await fields.first().fill("Why rooftops matter");
    await outline.getByTestId("outline-add").click();
    // The new section's title is focused and selected: typing replaces the placeholder title.
    await expect(fields.last()).toBeFocused();
    await page.keyboard.type("What I saw on a roof");
    await expect(outline.getByTestId("outline-yours")).toHaveCount(2);
    await ws.shot("outline-edited", testInfo);
    // Straight to Approve: no Save, no pause for the autosave.
    await ws.approve("Writing");

    const expected = ["Why rooftops matter", ...before.slice(1), "What I saw on a roof"];
    const stored = await storedOutline(writerA, sessionId);
    expect(stored.map((s) => s.title)).toEqual(expected);
    expect(stored.map((s) => s.origin)).toEqual(["writer", ...before.slice(1).map(() => "ai"), "writer"]);

    await page.locator('input[name="targetLength"]').fill("300");
    await page.getByTestId("action-write_draft").click();
    await ws.idle();
    await expect(page.getByTestId("rich-editor").locator("h2")).toHaveText(expected, { timeout: 30_000 });
    await page.context().close();
  });

  test("edits autosave while the writer keeps typing; research run again keeps the writer's sections, marked as theirs", async ({
    browser,
    writerA,
  }, testInfo) => {
    test.setTimeout(150_000);
    const { sessionId, articleId } = await researchSession(writerA);
    const page = await open(browser, writerA, articleId);
    const ws = new WorkspacePage(page);
    const research = async () => {
      await page.getByTestId("research-sources").fill(NOTES);
      await page.getByTestId("action-research_topic").click();
      await expect(page.getByTestId("session-panel")).toHaveAttribute("aria-busy", "true");
      await ws.idle();
    };
    await research();
    const outline = page.getByTestId("outline-editor");
    const fields = outline.getByTestId("outline-title");
    const saveState = outline.getByTestId("outline-save-state");
    await expect(fields.first()).toBeVisible();
    const first = await titlesOf(page);
    expect(first.length).toBeGreaterThanOrEqual(2);

    // Rename the second section by typing; the autosave runs while the field keeps the focus.
    await fields.nth(1).fill("");
    await fields.nth(1).pressSequentially("My own angle");
    await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 10_000 });
    await expect(saveState).toHaveText("Saved");
    await expect(fields.nth(1)).toBeEnabled();
    await expect(fields.nth(1)).toBeFocused();
    await page.keyboard.type(" on roofs");
    await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 10_000 });
    await expect(fields.nth(1)).toHaveValue("My own angle on roofs");

    await outline.getByTestId("outline-add").click();
    await page.keyboard.type("Beehives up there");
    await expect(saveState).toHaveAttribute("data-state", "saved", { timeout: 10_000 });
    const mine = ["My own angle on roofs", "Beehives up there"];
    const afterEdits = [first[0], mine[0], ...first.slice(2), mine[1]];
    expect((await storedOutline(writerA, sessionId)).map((s) => s.title)).toEqual(afterEdits);

    // A reload shows what was saved, with the writer's sections marked.
    await page.reload();
    await expect(fields).toHaveCount(afterEdits.length);
    expect(await titlesOf(page)).toEqual(afterEdits);
    const rows = outline.getByTestId("outline-section");
    await expect(outline.getByTestId("outline-yours")).toHaveCount(2);
    await expect(rows.nth(1)).toHaveAttribute("data-origin", "writer");
    await expect(rows.nth(1).getByTestId("outline-yours")).toHaveText(/yours/);

    // Research again (same sources, so the fake model proposes the same outline): the writer's sections stay
    // where they were, the renamed AI title does not come back beside the writer's version.
    const idsBefore = (await storedOutline(writerA, sessionId)).filter((s) => s.origin !== "writer").map((s) => s.id);
    await research();
    // The editor takes the merged outline in place (no reload): the AI's first section is a new one.
    await expect(rows.first()).not.toHaveAttribute("data-section-id", idsBefore[0]);
    await expect(fields).toHaveCount(afterEdits.length);
    expect(await titlesOf(page)).toEqual(afterEdits);
    await expect(rows.nth(1)).toHaveAttribute("data-origin", "writer");
    await expect(rows.last()).toHaveAttribute("data-origin", "writer");
    await expect(rows.first()).toHaveAttribute("data-origin", "ai");
    const after = await storedOutline(writerA, sessionId);
    // The AI's sections are new ones from this run.
    for (const section of after.filter((s) => s.origin !== "writer")) expect(idsBefore).not.toContain(section.id);
    await ws.shot("outline-after-rerun", testInfo);

    // The same outline in Chinese: the badge and labels are translated.
    const zh = await open(browser, writerA, articleId, "zh");
    await expect(zh.getByTestId("outline-yours").first()).toHaveText(/你的/);
    await expect(zh.getByTestId("outline-title").first()).toHaveAttribute("aria-label", "第 1 部分标题");
    await zh.context().close();
    await page.context().close();
  });
});
