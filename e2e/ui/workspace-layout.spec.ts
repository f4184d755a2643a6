// The editor-first workspace, stage by stage: one article walked from topic to publish on the fake model,
// each stage captured at 1280 px and 390 px in English and Chinese (workspace-<stage>-<width>-<lang>.png,
// attached to the report and kept under test-results) and scanned with axe (no serious or critical violation).
// Then the workspace's guard rails: Go back asks first, Approve waits for a topic, no internal identifier shows.
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page, TestInfo } from "@playwright/test";
import { WorkspacePage } from "../pages/workspace-page";
import { expect, test, type Writer } from "../fixtures";

const API = "/api/genflow";
const WIDTHS = [1280, 390] as const;
const LANGS = ["en", "zh"] as const;
// Every action name of the registry (lib/genflow/actions): none may be shown to the writer.
const ACTION_NAMES = [
  "discover_topics",
  "select_topic",
  "research_topic",
  "update_outline",
  "write_draft",
  "revise_draft",
  "apply_style",
  "review_article",
  "apply_fixes",
  "export_article",
  "complete",
  "approve",
  "go_to_stage",
  "retry",
];
const baseURL = () => process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";

async function openAs(browser: import("@playwright/test").Browser, writer: Writer) {
  const context = await browser.newContext({ storageState: await writer.cookie.storageState(), viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

async function setLanguage(context: BrowserContext, lang: "en" | "zh") {
  await context.addCookies([{ name: "genflow-locale", value: lang, url: baseURL() }]);
}

/** What the workspace itself says (header and rail), not the article's own words. */
async function chromeText(page: Page): Promise<string> {
  return page.evaluate(() =>
    ["workspace-header", "session-panel", "open-sheet"].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "").join("\n"),
  );
}

async function expectNoInternalNames(page: Page, lang: "en" | "zh") {
  const text = await chromeText(page);
  for (const name of ACTION_NAMES.filter((n) => n.includes("_"))) expect(text, `"${name}" on screen`).not.toContain(name);
  // Review issue ids ("i1") and section ids ("s2") never appear as words.
  expect(text).not.toMatch(/\b[is]\d+\b/);
  if (lang === "zh")
    for (const word of ["idle", "processing", "published", "Ready", "Working"]) expect(text, `"${word}" in the zh interface`).not.toContain(word);
}

async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
}

/** A screenshot kept under test-results (the test's output folder) and attached to the report. */
async function keep(page: Page, testInfo: TestInfo, name: string, fullPage: boolean) {
  const path = testInfo.outputPath(name);
  // From the top: a reload keeps the scroll position, and sticky parts (toolbar, rail) would be drawn mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Screenshots and axe scans of the current stage at both widths in both languages; back to en at 1280 after. */
async function captureStage(page: Page, testInfo: TestInfo, stage: string) {
  const ws = new WorkspacePage(page);
  for (const lang of LANGS) {
    await setLanguage(page.context(), lang);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await ws.idle();
      await expect(page.getByTestId("article-content")).toBeVisible();
      // Readable at 390 px: nothing spills sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${stage} ${width} ${lang}: horizontal overflow`).toBeLessThanOrEqual(width);
      await keep(page, testInfo, `workspace-${stage}-${width}-${lang}.png`, true);
      await expectAccessible(page, `${stage} ${width} ${lang}`);
      await expectNoInternalNames(page, lang);
      if (width === 390) {
        // On a phone the stage's controls live in the bottom sheet: the document first, the sheet on demand.
        await expect(page.getByTestId("open-sheet")).toBeVisible();
        await ws.openRail();
        await keep(page, testInfo, `workspace-${stage}-${width}-${lang}-sheet.png`, false);
        await expectAccessible(page, `${stage} ${width} ${lang} sheet`);
        await expectNoInternalNames(page, lang);
        await ws.closeSheet();
      }
    }
  }
  await setLanguage(page.context(), "en");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await ws.idle();
}

test.describe("journey: the editor-first workspace, stage by stage", () => {
  test("topic → publish with the document as the main column: screenshots at 1280/390 px in en and zh, axe clean", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(600_000);
    const res = await writerA.bearer.post(`${API}/sessions`, { data: { language: "en" } });
    const { articleId } = (await res.json()) as { articleId: string };
    const { context, page } = await openAs(browser, writerA);
    const ws = new WorkspacePage(page);
    await page.goto(`/articles/${articleId}`);

    // The document is the main column and comes first; the rail is beside it, on the right.
    const doc = await page.getByTestId("document-column").boundingBox();
    const rail = await ws.rail().boundingBox();
    expect(doc && rail && rail.x > doc.x + doc.width - 1).toBe(true);

    // Topic.
    await expect(page.getByTestId("action-approve")).toBeDisabled();
    await page.getByTestId("topic-category").fill("urban farming");
    await page.getByTestId("action-discover_topics").click();
    await expect(page.getByTestId("topic-cards").locator("li")).toHaveCount(5, { timeout: 30_000 });
    await ws.idle();
    const topicTitle = (await page.getByTestId("topic-cards").locator("li").nth(1).locator("p").first().textContent())?.trim() ?? "";
    await page.getByTestId("choose-t2").click();
    await ws.idle();
    // The article takes the chosen topic's title at once.
    await expect(page.getByTestId("article-title")).toHaveValue(topicTitle);
    await captureStage(page, testInfo, "topic");
    await ws.approve("Research");

    // Research.
    await page.getByTestId("research-sources").fill("Rooftop farms cool buildings in summer and feed the neighbourhood.");
    await page.getByTestId("action-research_topic").click();
    await expect(page.getByTestId("research-result")).toBeVisible({ timeout: 30_000 });
    await ws.idle();
    await captureStage(page, testInfo, "research");
    await ws.approve("Writing");

    // Writing: Approve waits for a draft.
    await expect(page.getByTestId("action-approve")).toBeDisabled();
    await expect(page.getByTestId("approve-hint")).toHaveText("Write a draft first.");
    await page.locator('input[name="targetLength"]').fill("600");
    await page.getByTestId("action-write_draft").click();
    await ws.idle();
    await expect(page.getByTestId("article-content").locator("h2").first()).toBeVisible({ timeout: 30_000 });
    // The formatting toolbar stays at the top of the view while the writer scrolls down a long draft.
    await page.getByTestId("article-content").locator("p").last().scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    await expect(page.getByTestId("editor-toolbar")).toBeInViewport();
    expect((await page.getByTestId("editor-toolbar").boundingBox())?.y).toBeLessThan(2);
    await captureStage(page, testInfo, "writing");
    await ws.approve("Styling");

    // Styling.
    await page.getByTestId("style-preset").selectOption("conversational");
    await page.getByTestId("style-platform").selectOption("blog");
    await page.getByTestId("action-apply_style").click();
    await ws.idle();
    await captureStage(page, testInfo, "styling");
    await ws.approve("Review");

    // Review: the article shows once (the editor), no second copy beside the issues.
    await page.getByTestId("action-review_article").click();
    await expect(page.getByTestId("review-result")).toBeVisible({ timeout: 30_000 });
    await ws.idle();
    await expect(page.getByTestId("article-content")).toHaveCount(1);
    await expect(page.getByTestId("review-preview")).toHaveCount(0);
    await captureStage(page, testInfo, "review");
    await ws.approve("Publish");

    // Publish: export and mark as published; no preview copy of the article.
    await expect(page.getByTestId("publish-preview")).toHaveCount(0);
    await page.getByTestId("action-complete").click();
    await expect(page.getByTestId("published")).toBeVisible({ timeout: 30_000 });
    await ws.idle();
    await captureStage(page, testInfo, "publish");

    // History opens as a drawer: its diff scrolls inside it, the page behind keeps its length.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const history = await ws.openDrawer("history");
    await expect(history.getByTestId("revision-list").getByRole("button").first()).toBeVisible();
    await history.getByTestId("revision-list").getByRole("button").last().click();
    await expect(history.getByTestId("revision-diff")).toBeVisible();
    // (It may shrink a little: the scroll lock hides the scrollbar, and the text reflows wider.)
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(height);
    expect(await history.textContent()).not.toMatch(/\bi\d+\b|select_topic/);
    await expectAccessible(page, "history drawer");
    await ws.closeDrawer("history");
    await context.close();
  });
});

test.describe("journey: the workspace's guard rails", () => {
  test("Go back asks for confirmation: choosing a stage (even by one ArrowDown) moves nothing until confirmed", async ({ browser, writerA }) => {
    const res = await writerA.bearer.post(`${API}/sessions`, { data: { title: "Roof review", initialStage: "review", language: "en" } });
    const { articleId } = (await res.json()) as { articleId: string };
    const { context, page } = await openAs(browser, writerA);
    const ws = new WorkspacePage(page);
    await page.goto(`/articles/${articleId}`);
    await expect(ws.currentStage()).toContainText("Review");

    // The keyboard slip of the report: focus the select, press ArrowDown once.
    await page.getByTestId("go-back").focus();
    await page.keyboard.press("ArrowDown");
    const dialog = page.getByTestId("go-back-dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute("role", "alertdialog");
    await expect(ws.currentStage()).toContainText("Review");
    await dialog.getByTestId("go-back-dialog-cancel").click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("go-back")).toHaveValue("");
    await expect(ws.currentStage()).toContainText("Review");
    const session = (await (await writerA.bearer.get(`${API}/articles/${articleId}`)).json()) as { stage: string };
    expect(session.stage).toBe("review");

    // Chosen and confirmed: now it moves.
    await page.getByTestId("go-back").selectOption("writing");
    await expect(dialog).toContainText("Go back to Writing?");
    await dialog.getByTestId("go-back-dialog-confirm").click();
    await expect(ws.currentStage()).toContainText("Writing", { timeout: 30_000 });
    await context.close();
  });

  test("Approve is disabled until a topic is chosen; icon buttons are named; no action name reaches the screen", async ({ browser, writerA }) => {
    const res = await writerA.bearer.post(`${API}/sessions`, { data: { language: "en" } });
    const { articleId } = (await res.json()) as { articleId: string };
    const { context, page } = await openAs(browser, writerA);
    const ws = new WorkspacePage(page);
    await page.goto(`/articles/${articleId}`);
    const approve = page.getByTestId("action-approve");
    await expect(approve).toBeDisabled();
    await expect(page.getByTestId("approve-hint")).toHaveText("Choose a topic first.");
    await expect(approve).toHaveAccessibleDescription("Choose a topic first.");

    await page.getByTestId("topic-category").fill("rooftop farming");
    await page.getByTestId("action-discover_topics").click();
    // While it runs, the step is in words ("Discover topics"), not the action's name.
    await expect(page.getByTestId("progress-status")).not.toContainText("discover_topics");
    await ws.idle();
    await expectNoInternalNames(page, "en");
    await page.getByTestId("own-topic").fill("Rooftops that feed a street");
    await page.getByTestId("own-topic").press("Enter");
    await ws.idle();
    await expect(approve).toBeEnabled();
    await expect(page.getByTestId("article-title")).toHaveValue("Rooftops that feed a street");
    await expectNoInternalNames(page, "en");

    // The rail can fold away on a wide screen, with a named toggle.
    const toggle = page.getByRole("button", { name: "Hide the stage panel" });
    await expect(toggle).toHaveAttribute("title", "Hide the stage panel");
    await toggle.click();
    await expect(ws.rail()).toBeHidden();
    await page.getByRole("button", { name: "Show the stage panel" }).click();
    await expect(ws.rail()).toBeVisible();

    // Writing's buttons carry their names (they were bare ✎ and ↺).
    await approve.click();
    await ws.idle();
    await page.getByTestId("research-sources").fill("Rooftop farms feed streets.");
    await page.getByTestId("action-research_topic").click();
    await ws.idle();
    await ws.approve("Writing");
    await expect(page.getByTestId("action-write_draft")).toHaveAccessibleName(/Write the draft/);
    await expect(page.getByTestId("action-write_draft")).toHaveAttribute("title", /.+/);
    await expect(page.getByTestId("action-revise_draft")).toHaveAccessibleName(/Revise the draft/);

    // Chinese: status and steps in Chinese, still no identifiers.
    await setLanguage(context, "zh");
    await page.reload();
    await expect(page.getByTestId("action-write_draft")).toContainText("撰写初稿");
    await expectNoInternalNames(page, "zh");
    await context.close();
  });

  test("on a 390 px phone the document comes first; the rail is a bottom sheet opened from a bar", async ({ browser, writerA }) => {
    const res = await writerA.bearer.post(`${API}/sessions`, { data: { title: "Phone", initialStage: "writing", language: "en" } });
    const { articleId } = (await res.json()) as { articleId: string };
    const context = await browser.newContext({ storageState: await writerA.cookie.storageState(), viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const ws = new WorkspacePage(page);
    await page.goto(`/articles/${articleId}`);
    // The editor is near the top (it was ~2,500 px down), the controls wait in the sheet.
    const editorTop = (await page.getByTestId("article-content").boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    expect(editorTop).toBeLessThan(500);
    await expect(ws.rail()).toBeHidden();
    const bar = page.getByTestId("open-sheet");
    await expect(bar).toContainText("Stage 3 of 6 · Writing");
    await expect(bar).toHaveAttribute("aria-expanded", "false");
    await bar.click();
    await expect(ws.rail()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Stage 3 of 6 · Writing" })).toBeFocused();
    await expect(page.getByTestId("action-write_draft")).toBeInViewport();
    // Escape closes it and gives focus back to the bar.
    await page.keyboard.press("Escape");
    await expect(ws.rail()).toBeHidden();
    await expect(bar).toBeFocused();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  test("the favicon and app icons are served and linked", async ({ page, request }) => {
    for (const [path, type] of [
      ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
      ["/icon.svg", /image\/svg\+xml/],
      ["/apple-touch-icon.png", /image\/png/],
    ] as const) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["content-type"], path).toMatch(type);
    }
    await page.goto("/sign-in");
    await expect(page.locator('link[rel="icon"][href="/icon.svg"]')).toHaveCount(1);
    await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  });
});
