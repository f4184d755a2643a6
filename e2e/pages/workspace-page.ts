import { expect, type Page } from "@playwright/test";

/** The article workspace: stage panel (forms, action bar, progress) and the editor. */
export class WorkspacePage {
  constructor(private readonly page: Page) {}

  currentStage() {
    return this.page.getByTestId("stage-stepper").locator('[aria-current="step"]');
  }

  /** Waits until the session is idle again and nothing is being submitted. */
  async idle(timeout = 60_000) {
    await expect(this.page.getByTestId("session-panel")).toHaveAttribute("aria-busy", "false", { timeout });
    await expect(this.page.getByTestId("progress-status")).toHaveAttribute("data-status", "idle", { timeout });
  }

  async approve(nextStage: string) {
    await this.page.getByTestId("action-approve").click();
    await expect(this.currentStage()).toContainText(nextStage, { timeout: 30_000 });
    await this.idle();
  }

  async shot(name: string, testInfo: { outputPath: (n: string) => string }) {
    await this.page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  }
}
