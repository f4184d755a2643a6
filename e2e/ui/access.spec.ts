import { expect, test } from "../fixtures";
import { SignInPage } from "../pages/sign-in-page";

test.describe("journey: access and degraded modes", () => {
  test("an unauthenticated visit goes to sign-in and comes back to the page it asked for", async ({ page, writerA }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings/);
    await new SignInPage(page).submit({ email: writerA.email, password: "wrong password 1" });
    await expect(page.getByTestId("form-error")).toBeVisible();
    await new SignInPage(page).submit({ email: writerA.email, password: writerA.password });
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId("token-name")).toBeVisible();
  });

  test("without a model: a banner says what to set; manual writing, history and export still work", async ({ browser, writerA }, testInfo) => {
    // scripts/test/run-e2e.ts serves a second app without any model configured.
    const noModel = process.env.E2E_NO_MODEL_BASE_URL;
    expect(noModel).toBeTruthy();
    const { articleId } = await (await writerA.bearer.post("/api/genflow/sessions", { data: { title: "By hand" } })).json();
    // Cookies are per host, not per port: the signed-in state works on the second app too.
    const context = await browser.newContext({ storageState: await writerA.cookie.storageState(), baseURL: noModel });
    const page = await context.newPage();
    await page.goto(`/articles/${articleId}`);
    await expect(page.getByTestId("no-model-banner")).toContainText("OPENAI_API_KEY");
    await page.screenshot({ path: testInfo.outputPath("no-model.png"), fullPage: true });
    const saved = await writerA.bearer.patch(`/api/genflow/articles/${articleId}`, {
      data: { baseVersion: 1, content: "## Written by hand\n\nNo model needed." },
    });
    expect(saved.status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("rich-editor").locator("h2")).toHaveText("Written by hand");
    const exported = await page.request.get(`/api/genflow/articles/${articleId}/export?format=md`);
    expect(await exported.text()).toContain("## Written by hand");
    await context.close();
  });
});
