import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// `npm run test:e2e` (scripts/test/run-e2e.ts) prepares the database, builds and starts `next start`, then
// runs this config with E2E_BASE_URL set. Browsers are never downloaded: the system Chromium is used.
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  // Contract coverage: notes cleared before the run, a summary printed after it (e2e/contract.ts).
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["html", { open: "never", outputFolder: process.env.E2E_REPORT_DIR ?? "playwright-report" }]],
  timeout: 60_000,
  // A CI machine can be several times slower than a laptop (shared cores, two workers, servers beside them):
  // a server round trip behind a click may take longer than Playwright's 5 s default there.
  expect: { timeout: process.env.CI ? 15_000 : 5_000 },
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "ui", testDir: "e2e/ui" },
  ],
});
