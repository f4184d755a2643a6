// Journeys through the workspace's history, styling before/after, review, publish, the usage meter, settings
// and the dashboard — sessions are prepared through the public API on the fake model, then driven in the
// browser. Each screen is captured at 1280 and 768 px (see the test's output folder).
import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect, test, type Writer } from "../fixtures";
import { WorkspacePage } from "../pages/workspace-page";
import { runAction, runWholePipeline } from "../pipeline";

const API = "/api/genflow";

async function openAs(browser: Browser, writer: Writer, options: { clipboard?: boolean } = {}) {
  const context = await browser.newContext({ storageState: await writer.cookie.storageState(), viewport: { width: 1280, height: 900 } });
  if (options.clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return { context, page: await context.newPage() };
}

/** A full-page screenshot at 1280 and at 768 px (tablet), back at 1280 afterwards. */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-768.png`), fullPage: true });
  // Nothing may spill sideways at tablet width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The editor's text, whether it is a textarea or a rich (contenteditable) editor. */
async function editorText(page: Page): Promise<string> {
  const editor = page.getByTestId("article-content").first();
  return editor.evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? "")));
}

async function patchArticle(w: Writer, articleId: string, data: Record<string, unknown>) {
  const res = await w.bearer.patch(`${API}/articles/${articleId}`, { data });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { version: number; content: string; title: string };
}

async function getArticle(w: Writer, articleId: string) {
  return (await (await w.bearer.get(`${API}/articles/${articleId}`)).json()) as { version: number; content: string; title: string };
}

async function startAt(w: Writer, stage: string, title: string) {
  const res = await w.bearer.post(`${API}/sessions`, { data: { title, initialStage: stage, language: "en" } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { sessionId: string; articleId: string };
}

const DRAFT = [
  "## Why roofs",
  "Rooftop farms turn idle concrete into growing space and keep buildings cooler in summer.",
  "",
  "## What grows",
  "Leafy greens, herbs and tomatoes do well in shallow beds with drip irrigation.",
].join("\n");

test.describe("journey: history", () => {
  test("restore an earlier revision: the editor shows it and a new revision appears; a stale restore is refused", async ({ browser, writerA }, testInfo) => {
    const { articleId } = await startAt(writerA, "writing", "Roof history");
    await patchArticle(writerA, articleId, { baseVersion: 1, content: "First take: rooftop farms feed neighbourhoods." });
    await patchArticle(writerA, articleId, { baseVersion: 2, content: "Second take: rooftop gardens cool whole city blocks." });

    const { context, page } = await openAs(browser, writerA);
    await page.goto(`/articles/${articleId}`);
    // History is a drawer over the page: opened from the header, its diff scrolls inside it.
    await page.getByTestId("history-toggle").click();
    const history = page.getByTestId("history-drawer");
    await expect(history).toBeVisible();
    await expect(history.getByRole("heading", { name: "History of this article" })).toBeVisible();
    await expect(history.getByTestId("revision-list").getByRole("button")).toHaveCount(3);
    // The version before the current one is chosen first and compared with the current text.
    await expect(history.getByTestId("revision-2")).toHaveAttribute("aria-pressed", "true");
    await expect(history.getByTestId("revision-3")).toContainText("You");
    const diff = history.getByTestId("revision-diff");
    await expect(diff.locator("del")).toContainText(["First"]);
    await expect(diff.locator("ins")).toContainText(["Second"]);
    // Not colour alone: screen readers hear what was removed and added.
    await expect(diff.locator("del .sr-only").first()).toHaveText(/removed/);
    await history.getByTestId("diff-mode-lines").check({ force: true });
    await expect(diff).toHaveAttribute("data-mode", "lines");
    await shoot(page, testInfo, "history");

    // Restore version 2 (keyboard: focus the button and press Enter).
    await history.getByTestId("restore-revision").focus();
    await page.keyboard.press("Enter");
    await expect(history.getByTestId("history-notice")).toContainText("Version 2 restored");
    await expect(history.getByTestId("revision-4")).toContainText("restored version 2");
    await expect(history.getByTestId("revision-4")).toContainText("current");
    await expect.poll(() => editorText(page)).toContain("First take: rooftop farms feed neighbourhoods.");
    expect((await getArticle(writerA, articleId)).content).toBe("First take: rooftop farms feed neighbourhoods.");

    // Someone else changes the article: restoring on the stale version shows the conflict, nothing is lost.
    await patchArticle(writerA, articleId, { baseVersion: 4, content: "Changed in another tab." });
    await history.getByTestId("revision-3").click();
    await history.getByTestId("restore-revision").click();
    await expect(history.getByTestId("history-notice")).toContainText("changed elsewhere");
    expect((await getArticle(writerA, articleId)).content).toBe("Changed in another tab.");
    await context.close();
  });
});

test.describe("journey: styling makes a platform variant", () => {
  test("styling for LinkedIn leaves the article unchanged and creates a variant measured against LinkedIn's limit", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(120_000);
    const { articleId } = await startAt(writerA, "styling", "Rooftop styling");
    await patchArticle(writerA, articleId, { baseVersion: 1, content: DRAFT });

    const { context, page } = await openAs(browser, writerA);
    await page.goto(`/articles/${articleId}`);
    await page.getByTestId("style-preset").selectOption("storytelling");
    await page.getByTestId("style-platform").selectOption("linkedin");
    await page.getByTestId("action-apply_style").click();
    const listVariants = async () =>
      (
        (await (await writerA.bearer.get(`${API}/articles/${articleId}/variants`)).json()) as {
          variants: { platform: string; preset: string; sourceVersion: number; content: string; checks: { message: string }[] }[];
        }
      ).variants;
    await expect(page.getByTestId("progress-status")).toContainText("Style applied", { timeout: 30_000 });
    await new WorkspacePage(page).idle();
    await shoot(page, testInfo, "styling-variant");

    // The article (and the editor) keep the writer's text; the style went into a variant beside it.
    const article = await getArticle(writerA, articleId);
    expect(article).toMatchObject({ version: 2, content: DRAFT });
    await expect.poll(() => editorText(page)).toContain("Rooftop farms turn idle concrete");
    const variants = await listVariants();
    expect(variants).toEqual([expect.objectContaining({ platform: "linkedin", preset: "storytelling", sourceVersion: 2 })]);
    expect(variants[0].content).not.toBe(DRAFT);
    expect(variants[0].checks[0].message).toMatch(/of at most 600 words$/);
    await page.getByTestId("history-toggle").click();
    await expect(page.getByTestId("revision-list").getByRole("button")).toHaveCount(2);
    await context.close();
  });
});

test.describe("journey: review", () => {
  test("issues grouped by type; jump to text marks the passage; one fix becomes a proposal changing only its passage", async ({
    browser,
    writerA,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { sessionId, articleId } = await startAt(writerA, "review", "Rooftop review");
    await patchArticle(writerA, articleId, { baseVersion: 1, content: DRAFT });
    await runAction(writerA, sessionId, "review_article");
    const session = (await (await writerA.bearer.get(`${API}/sessions/${sessionId}`)).json()) as {
      stageData: { review: { issues: { id: string; type: string; excerpt: string }[] } };
    };
    const issues = session.stageData.review.issues;
    expect(issues.length).toBeGreaterThan(0);
    const issue = issues.find((i) => i.excerpt.trim()) ?? issues[0];
    // The writer's text now carries the flagged passage (the fake model's excerpts are invented).
    await patchArticle(writerA, articleId, { baseVersion: 2, content: `${DRAFT}\n\n${issue.excerpt}\n\nA closing line.` });

    const { context, page } = await openAs(browser, writerA);
    await page.goto(`/articles/${articleId}`);
    await expect(page.getByTestId("review-result")).toBeVisible();
    await expect(page.getByTestId("review-checks").locator("li").first()).toBeVisible();
    const types = [...new Set(issues.map((i) => i.type))];
    for (const type of types) await expect(page.getByTestId(`issue-group-${type}`)).toBeVisible();

    // The article is shown once, in the editor: the passage is highlighted there and scrolled into view.
    await expect(page.getByTestId("review-preview")).toHaveCount(0);
    // The editor loads after the page (on demand): jump once its text is there to mark.
    await expect(page.getByTestId("article-content")).toHaveAttribute("contenteditable", "true");
    await page.getByTestId(`jump-${issue.id}`).click();
    const highlighted = () =>
      page.evaluate(() => {
        const highlight = CSS.highlights.get("review-jump");
        const range = highlight ? [...highlight][0] : undefined;
        if (!(range instanceof Range)) return null;
        const box = range.getBoundingClientRect();
        return { text: range.toString(), visible: box.top >= 0 && box.bottom <= window.innerHeight };
      });
    await expect.poll(async () => (await highlighted())?.text).toBe(issue.excerpt.trim());
    await expect.poll(async () => (await highlighted())?.visible).toBe(true);
    await expect(page.getByTestId(`issue-row-${issue.id}`)).toHaveClass(/bg-yellow-50/);
    await shoot(page, testInfo, "review");

    const before = await getArticle(writerA, articleId);
    await page.getByTestId(`apply-${issue.id}`).click();
    await expect(page.getByTestId("applied-count")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(`issue-row-${issue.id}`)).toHaveCount(0);
    // The fix is a targeted proposal: the article keeps the writer's text until it is accepted, and the one
    // change replaces only the flagged passage.
    expect((await getArticle(writerA, articleId)).version).toBe(before.version);
    const { proposals } = (await (await writerA.bearer.get(`${API}/articles/${articleId}/proposals`)).json()) as {
      proposals: { id: string; action: string; content: string; changes: { id: string; current: string; start: number; end: number }[] }[];
    };
    expect(proposals).toHaveLength(1);
    expect(proposals[0].action).toBe("apply_fixes");
    expect(proposals[0].changes).toHaveLength(1);
    const at = before.content.indexOf(issue.excerpt);
    const [change] = proposals[0].changes;
    expect(change.start).toBeGreaterThanOrEqual(before.content.lastIndexOf("\n", at));
    expect(change.end).toBeLessThanOrEqual(before.content.indexOf("\n", at + issue.excerpt.length));
    expect(proposals[0].content.startsWith(`${DRAFT}\n\n`)).toBe(true);
    expect(proposals[0].content.endsWith("\n\nA closing line.")).toBe(true);
    const accepted = await writerA.bearer.post(`${API}/articles/${articleId}/proposals/${proposals[0].id}/accept`, { data: { version: before.version } });
    expect(accepted.status(), await accepted.text()).toBe(200);
    const after = await getArticle(writerA, articleId);
    expect(after).toMatchObject({ version: before.version + 1, content: proposals[0].content });
    await page.reload();
    // The revision names the fixes by count, never by the issues' internal ids.
    await page.getByTestId("history-toggle").click();
    await expect(page.getByTestId(`revision-${after.version}`)).toContainText("review fixes: 1");
    await expect(page.getByTestId(`revision-${after.version}`)).not.toContainText(issue.id);
    await context.close();
  });
});

test.describe("journey: publish", () => {
  test("the rendered article, Markdown and HTML as downloads and on the clipboard, usage against the budget", async ({ browser, writerA }, testInfo) => {
    test.setTimeout(180_000);
    const { sessionId, articleId } = await startAt(writerA, "topic", "Rooftop publish");
    await runWholePipeline(writerA, sessionId);
    const article = await getArticle(writerA, articleId);
    const markdown = `${`# ${article.title}\n\n${article.content}`.trimEnd()}\n`;
    // The export ends with the references the article cites (the research's pasted source is [1]).
    const exported = await (await writerA.bearer.get(`${API}/articles/${articleId}/export?format=md`)).text();
    expect(exported.startsWith(markdown.trimEnd())).toBe(true);
    expect(exported).toMatch(/\n## References\n\n\[1\] /);

    const { context, page } = await openAs(browser, writerA, { clipboard: true });
    await page.goto(`/articles/${articleId}`);
    // The article shows once, in the editor; the rendered HTML is what the export serves.
    await expect(page.getByTestId("publish-preview")).toHaveCount(0);
    await expect(page.getByTestId("article-title")).toHaveValue(article.title);
    await expect(page.getByTestId("article-content").locator("h2").first()).toBeVisible();
    const exportedHtml = await (await page.request.get(`${API}/articles/${articleId}/export?format=html`)).text();
    expect(exportedHtml).toContain(`<h1>${article.title}</h1>`);
    expect(exportedHtml).not.toContain("<script");
    await expect(page.getByTestId("published")).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-md").click()]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const saved = testInfo.outputPath("export.md");
    await download.saveAs(saved);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(saved, "utf8")).toBe(exported);

    // The copy is built in the browser by the same function as the export: title, text and references.
    await page.getByTestId("copy-md").click();
    await expect(page.getByTestId("copy-status")).toContainText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(exported);
    await page.getByTestId("copy-html").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`<h1>${article.title}</h1>`);

    const [htmlDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-html").click()]);
    expect(htmlDownload.suggestedFilename()).toMatch(/\.html$/);

    // Usage: tokens and estimated cost of the session (a drawer), with the budget when one is set.
    await new WorkspacePage(page).openDrawer("usage");
    const usage = page.getByTestId("usage");
    await expect(usage.getByTestId("usage-text")).toContainText(/tokens/);
    await expect(usage.getByTestId("usage-cost")).toContainText("$");
    const budget = Number(process.env.GENFLOW_SESSION_TOKEN_BUDGET ?? 0);
    if (budget > 0) {
      const meter = usage.getByRole("meter", { name: "Token usage" });
      await expect(meter).toHaveAttribute("max", String(budget));
      await expect(usage.getByTestId("usage-text")).toContainText(`of ${budget.toLocaleString("en")} tokens`);
    } else {
      await expect(usage.getByTestId("usage-text")).toContainText("no budget set");
    }
    await shoot(page, testInfo, "publish");
    await context.close();
  });
});

test.describe("journey: settings and dashboard", () => {
  test("settings show the configured model and switch the interface to Chinese; the dashboard shows stage and session", async ({
    browser,
    writerA,
  }, testInfo) => {
    const { articleId } = await startAt(writerA, "writing", "Rooftop settings");
    const { context, page } = await openAs(browser, writerA);

    await page.goto("/");
    const row = page.getByTestId(`article-row-${articleId}`);
    await expect(row.getByTestId("article-stage")).toContainText("Writing");
    await expect(row.getByTestId("article-session")).toHaveAttribute("data-status", "idle");
    await shoot(page, testInfo, "dashboard");

    await page.goto("/settings");
    const model = page.getByTestId("settings-model");
    await expect(model).toHaveAttribute("data-configured", "true");
    await expect(model.getByTestId("model-provider")).toHaveText("OpenAI-compatible server");
    await expect(model.getByTestId("model-api-mode")).toHaveText("Chat Completions API");
    await expect(model.getByTestId("model-writing")).toHaveText("fake-writer-1");
    await shoot(page, testInfo, "settings");

    // The labelled language control switches the whole interface.
    await page.getByLabel("Interface language").selectOption("zh");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("设置");
    await expect(page.getByTestId("model-provider")).toHaveText("OpenAI 兼容服务");
    await expect(page.getByTestId("settings-locale")).toHaveValue("zh");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await shoot(page, testInfo, "settings-zh");

    // The workspace in Chinese.
    await page.goto(`/articles/${articleId}`);
    await expect(page.getByTestId("history-toggle")).toContainText("历史记录");
    const ws = new WorkspacePage(page);
    await ws.openDrawer("usage");
    await expect(page.getByTestId("usage")).toContainText("Token 用量");
    await ws.closeDrawer("usage");
    const settings = await ws.openDrawer("settings");
    await expect(settings.getByTestId("settings-language")).toHaveText("英语");
    await ws.closeDrawer("settings");
    await shoot(page, testInfo, "workspace-zh");

    // The header's compact switcher goes back to English, and the choice outlives a reload.
    await page.getByTestId("locale-switcher").selectOption("en");
    await expect(page.getByTestId("history-toggle")).toContainText("History");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    // Without a model, settings say what to set (the second server runs without one, same database).
    const noModel = process.env.E2E_NO_MODEL_BASE_URL;
    if (noModel) {
      await page.goto(`${noModel}/settings`);
      await expect(page.getByTestId("model-missing")).toContainText("OPENAI_API_KEY");
    }
    await context.close();
  });
});
