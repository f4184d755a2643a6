// Journey: a writer with a password links GitHub from Settings and then signs in with it; GitHub never joins an
// existing account by email alone. A dedicated server talks to a fake GitHub (GITHUB_URL, as GitHub Enterprise).
import { randomUUID } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { startFakeGitHub, type FakeGitHub } from "../../scripts/fake-oauth/github";
import { type DedicatedApp, startDedicatedApp } from "../dedicated-app";
import { SignInPage } from "../pages/sign-in-page";

test.describe.configure({ mode: "serial" });

const PASSWORD = "writer pass 2026";
let github: FakeGitHub;
let app: DedicatedApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  github = await startFakeGitHub();
  app = await startDedicatedApp({ GITHUB_ID: github.clientId, GITHUB_SECRET: github.clientSecret, GITHUB_URL: github.url });
});

test.afterAll(async () => {
  await app?.stop();
  await github?.stop();
});

const newEmail = () => `link-${randomUUID().slice(0, 8)}@example.test`;
const githubUser = (email: string | null) => ({ id: Math.floor(Math.random() * 1e9), login: `octo-${randomUUID().slice(0, 6)}`, email });

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, locale: "en-US" });
  const page = await context.newPage();
  expect((await page.request.post("/api/auth/sign-up", { data: { email, password: PASSWORD }, headers: { origin: app.url } })).status()).toBe(201);
  await page.goto("/sign-in");
  await new SignInPage(page).submit({ email, password: PASSWORD });
  await expect(page.getByTestId("sign-out")).toBeVisible();
  return page;
}

async function sessionEmail(page: Page): Promise<string | null> {
  const session = await (await page.request.get("/api/auth/session")).json();
  return session?.user?.email ?? null;
}

test("Settings → link GitHub, then sign out and sign in with GitHub as the same writer; unlink", async ({ browser }, testInfo) => {
  const email = newEmail();
  const page = await signedInPage(browser, email);
  // A GitHub account whose email is not the writer's: linking needs no matching email, only both sign-ins.
  const octo = githubUser(`${randomUUID().slice(0, 6)}@users.noreply.example`);
  github.signInAs(octo);

  await page.goto("/settings");
  const row = page.getByTestId("sign-in-method-github");
  await expect(row).toHaveAttribute("data-linked", "false");
  await expect(page.getByTestId("sign-in-method-password")).toHaveText("Set");
  await page.getByTestId("link-github").click();
  await expect(page).toHaveURL(/\/settings\?linked=github/);
  await expect(page.getByTestId("sign-in-methods-notice")).toContainText("GitHub is now linked");
  await expect(row).toHaveAttribute("data-linked", "true");
  expect(await sessionEmail(page)).toBe(email);
  await page.screenshot({ path: testInfo.outputPath("settings-github-linked.png"), fullPage: true });

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByTestId("sign-in-github").click();
  await expect(page.getByTestId("sign-out")).toBeVisible();
  expect(await sessionEmail(page)).toBe(email);

  await page.goto("/settings");
  await page.getByTestId("unlink-github").click();
  await expect(row).toHaveAttribute("data-linked", "false");
  await page.context().close();
});

test("GitHub sign-in with the email of a password account is refused with the 'sign in with your password, then link' path", async ({ browser }) => {
  const email = newEmail();
  const owner = await signedInPage(browser, email);
  await owner.context().close();

  const context = await browser.newContext({ baseURL: app.url, locale: "en-US" });
  const page = await context.newPage();
  github.signInAs(githubUser(email));
  await page.goto("/sign-in");
  await page.getByTestId("sign-in-github").click();
  await expect(page).toHaveURL(/\/sign-in\?.*error=OAuthAccountNotLinked/);
  await expect(page.getByTestId("form-error")).toContainText("Sign in with your password, then link the provider in Settings");
  expect(await sessionEmail(page)).toBeNull();
  await context.close();
});

test("a GitHub account that already signs in to another writer is not linked to a second one", async ({ browser }) => {
  const octo = githubUser(null);
  const first = await signedInPage(browser, newEmail());
  github.signInAs(octo);
  await first.goto("/settings");
  await first.getByTestId("link-github").click();
  await expect(first.getByTestId("sign-in-method-github")).toHaveAttribute("data-linked", "true");
  await first.context().close();

  const secondEmail = newEmail();
  const second = await signedInPage(browser, secondEmail);
  await second.goto("/settings");
  await second.getByTestId("link-github").click();
  await expect(second).toHaveURL(/\/settings\?linkError=github/);
  await expect(second.getByTestId("sign-in-methods-notice")).toContainText("already signs in to another GenFlow account");
  await expect(second.getByTestId("sign-in-method-github")).toHaveAttribute("data-linked", "false");
  // Still signed in as themselves, not as the GitHub account's owner.
  expect(await sessionEmail(second)).toBe(secondEmail);
  await second.context().close();
});

test("a link started and abandoned never links (or signs in as) the writer who started it when someone else signs in with GitHub", async ({ browser }) => {
  const email = newEmail();
  const page = await signedInPage(browser, email);
  const context = page.context();
  // The writer starts linking, then gives up at GitHub's page (the request to it never completes).
  await page.route(`${github.url}/login/oauth/authorize**`, (route) => route.abort());
  await page.goto("/settings");
  // Wait for the aborted request itself (not just its start): unrouting earlier would let it through.
  const toGitHub = page.waitForEvent("requestfailed", (req) => req.url().startsWith(`${github.url}/login/oauth/authorize`));
  await page.getByTestId("link-github").click();
  await toGitHub;
  await page.unroute(`${github.url}/login/oauth/authorize**`);
  const linkIntent = async () => (await context.cookies()).find((c) => c.name === "genflow.link-intent");
  await expect.poll(linkIntent, { message: "the link intent cookie was set" }).toBeTruthy();
  const intent = await linkIntent();

  // Signing out drops the intent.
  await page.goto("/");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await context.cookies()).some((c) => c.name === "genflow.link-intent")).toBe(false);

  // Even if it survived (put back here), it belongs to a signed-in writer who is gone: someone else's GitHub
  // sign-in in this browser makes their own account.
  if (intent) await context.addCookies([intent]);
  const stranger = githubUser(`stranger-${randomUUID().slice(0, 6)}@example.test`);
  github.signInAs(stranger);
  await page.getByTestId("sign-in-github").click();
  await expect(page.getByTestId("sign-out")).toBeVisible();
  expect(await sessionEmail(page)).toBe(stranger.email);
  await context.close();

  // The writer's account has no GitHub linked.
  const owner = await browser.newContext({ baseURL: app.url, locale: "en-US" });
  const ownerPage = await owner.newPage();
  await ownerPage.goto("/sign-in");
  await new SignInPage(ownerPage).submit({ email, password: PASSWORD });
  await expect(ownerPage.getByTestId("sign-out")).toBeVisible();
  await ownerPage.goto("/settings");
  await expect(ownerPage.getByTestId("sign-in-method-github")).toHaveAttribute("data-linked", "false");
  await owner.close();
});
