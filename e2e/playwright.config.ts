import { defineConfig } from '@playwright/test';
import { reportDir, SUITES, suiteOutputDir } from './support/artifacts';

/**
 * Shared by every e2e suite (admin/, customer/): headless Debian Chromium, one worker (the
 * tests start real servers and the CI box has two cores). Each suite is a project with its own
 * artefact folder per run, e2e/artifacts/<suite>/<run>/ (report: artifacts/reports/<run>/), so
 * runs side by side never wipe each other's traces. `npx playwright test --project admin` runs one suite.
 * `npx playwright install` cannot run here, so the browser is the system one.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testMatch: '**/*.spec.ts',
  projects: SUITES.map((suite) => ({ name: suite, testDir: `./${suite}`, outputDir: suiteOutputDir(suite) })),
  fullyParallel: false,
  workers: 1,
  // One retry in CI only, against a loaded shared machine: a retried test is reported as
  // "flaky", not hidden, so it still gets looked at.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env['CI'],
  reporter: [['list'], ['html', { outputFolder: reportDir(), open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
