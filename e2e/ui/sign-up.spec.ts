import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { SignUpPage } from "../pages/sign-up-page";

test.describe("journey: a new writer signs up and starts an article", () => {
  test("redirects to sign-in, signs up, lands on the empty dashboard, creates and saves an article", async ({ page }, testInfo) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings/);

    const signUp = new SignUpPage(page);
    await signUp.open();
    await signUp.submit({ email: "short@example.test", password: "short" });
    await expect(page.getByTestId("error-password")).toContainText("at least 8 characters");

    const email = `ui-${randomUUID().slice(0, 8)}@example.test`;
    await signUp.submit({ email, password: "writer pass 2026" });
    await expect(page.getByTestId("empty-state")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("dashboard-empty.png"), fullPage: true });

    await page.getByTestId("new-article").click();
    await expect(page).toHaveURL(/\/articles\/\w+/);
    await expect(page.getByTestId("stage-stepper").locator('[aria-current="step"]')).toContainText("Topic");
    await page.getByTestId("article-content").fill("## Intro\n\nFirst words.");
    await page.getByTestId("save-article").click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved");
    await expect(page.getByTestId("article-version")).toHaveText("Version 2");
    await page.screenshot({ path: testInfo.outputPath("workspace.png"), fullPage: true });

    await page.getByTestId("nav-home").click();
    await expect(page.getByTestId("article-list")).toContainText("Untitled article");
  });

  test("an email already taken is explained on the form", async ({ page, request }) => {
    const email = `taken-${randomUUID().slice(0, 8)}@example.test`;
    expect((await request.post("/api/auth/sign-up", { data: { email, password: "writer pass 2026" } })).status()).toBe(201);
    const signUp = new SignUpPage(page);
    await signUp.open();
    await signUp.submit({ email, password: "writer pass 2026" });
    await expect(page.getByTestId("error-email")).toContainText("already exists");
  });

  test("an error keeps what the writer typed, and speaks the interface language (zh)", async ({ browser, request }) => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    const signUp = new SignUpPage(page);
    await signUp.open();
    await page.getByTestId("input-name").fill("小林");
    const email = `lin-${randomUUID().slice(0, 8)}@example.test`;
    await signUp.submit({ email, password: "short" });
    await expect(page.getByTestId("error-password")).toHaveText("密码至少需要 8 个字符");
    await expect(page.getByTestId("input-name")).toHaveValue("小林");
    await expect(page.getByTestId("input-email")).toHaveValue(email);
    await expect(page.getByTestId("input-password")).toHaveValue("short");

    await page.getByTestId("input-password").fill("lettersonly");
    await page.getByTestId("sign-up-submit").click();
    await expect(page.getByTestId("error-password")).toHaveText("密码需同时包含字母和数字");

    await page.getByTestId("input-email").fill("not an email");
    await page.getByTestId("input-password").fill("writer pass 2026");
    await page.getByTestId("sign-up-submit").click();
    await expect(page.getByTestId("error-email")).toHaveText("请输入有效的邮箱地址");
    await expect(page.getByTestId("input-password")).toHaveValue("writer pass 2026");

    const taken = `taken-${randomUUID().slice(0, 8)}@example.test`;
    expect((await request.post("/api/auth/sign-up", { data: { email: taken, password: "writer pass 2026" } })).status()).toBe(201);
    await page.getByTestId("input-email").fill(taken);
    await page.getByTestId("sign-up-submit").click();
    await expect(page.getByTestId("error-email")).toHaveText("该邮箱已注册账号");
    await expect(page.getByTestId("input-name")).toHaveValue("小林");
    await context.close();
  });

  test("the interface follows the browser's language (zh)", async ({ browser }) => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto("/sign-up");
    await expect(page.getByTestId("sign-up-submit")).toHaveText("注册账号");
    await context.close();
  });
});
