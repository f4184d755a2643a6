import { expect, type Page } from "@playwright/test";

/**
 * The article workspace: the document (editor) in the main column, the stage rail beside it (a bottom sheet
 * on phones, opened from a bar), the header with compact progress and the History / Usage / Settings drawers.
 */
export class WorkspacePage {
  constructor(private readonly page: Page) {}

  /** The rail: stepper, the stage's forms, Approve and Go back (data-testid "session-panel", aria-busy). */
  rail() {
    return this.page.getByTestId("session-panel");
  }

  currentStage() {
    return this.page.getByTestId("stage-stepper").locator('[aria-current="step"]');
  }

  /** On a phone the rail is a sheet: opens it when it is closed (no-op on wider screens). */
  async openRail() {
    const bar = this.page.getByTestId("open-sheet");
    if (await bar.isVisible()) {
      await bar.click();
      await expect(this.rail()).toHaveAttribute("data-sheet", "open");
    }
  }

  async closeSheet() {
    if ((await this.rail().getAttribute("data-sheet")) === "open" && (await this.page.getByTestId("close-sheet").isVisible())) {
      await this.page.getByTestId("close-sheet").click();
    }
  }

  /** Opens a drawer from the header ("history", "usage" or "settings") and returns it. */
  async openDrawer(name: "history" | "usage" | "settings") {
    await this.page.getByTestId(`${name}-toggle`).click();
    const drawer = this.page.getByTestId(`${name}-drawer`);
    await expect(drawer).toBeVisible();
    return drawer;
  }

  async closeDrawer(name: "history" | "usage" | "settings") {
    await this.page.getByTestId(`${name}-drawer-close`).click();
    await expect(this.page.getByTestId(`${name}-drawer`)).toHaveCount(0);
  }

  /** Waits until the session is idle again and nothing is being submitted. */
  async idle(timeout = 60_000) {
    await expect(this.rail()).toHaveAttribute("aria-busy", "false", { timeout });
    await expect(this.page.getByTestId("progress-status")).toHaveAttribute("data-status", "idle", { timeout });
  }

  async approve(nextStage: string) {
    await this.openRail();
    await expect(this.page.getByTestId("action-approve")).toBeEnabled({ timeout: 30_000 });
    await this.page.getByTestId("action-approve").click();
    await expect(this.currentStage()).toContainText(nextStage, { timeout: 30_000 });
    await this.idle();
  }

  async shot(name: string, testInfo: { outputPath: (n: string) => string }) {
    await this.page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  }
}
