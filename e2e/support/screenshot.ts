import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

/** Where screenshots land: e2e/artifacts/screenshots (gitignored, kept by CI as artefacts). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

/**
 * Saves a full-page screenshot as e2e/artifacts/screenshots/<test-file>-<name>.png and
 * attaches it to the test report.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // What a person would see once the screen has settled: an Ionic page transition still running when the
  // test's last expectation passes would otherwise be caught half-way (two pages over each other). Endless
  // animations (spinners) are not waited for.
  await page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
  const file = testInfo.titlePath[0]?.replace(/[^a-z0-9]+/gi, '-').replace(/-spec-ts$|-ts$/, '') ?? 'e2e';
  const path = join(SCREENSHOT_DIR, `${file}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}
