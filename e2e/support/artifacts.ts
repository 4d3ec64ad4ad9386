import { fileURLToPath } from 'node:url';

/** e2e/artifacts: gitignored, kept by CI. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** The suites, one Playwright project each, named after their folders. */
export const SUITES = ['admin', 'customer'] as const;
export type Suite = (typeof SUITES)[number];

/**
 * This run's id: set once by the Playwright runner process and inherited by its
 * workers (which load the config again), so every process of one run agrees.
 * Playwright empties its `outputDir` when a run starts: a folder per run keeps
 * a concurrent or later run from wiping this one's traces.
 */
export function runId(env: NodeJS.ProcessEnv = process.env): string {
  env['PARLEY_E2E_RUN'] ??= `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  return env['PARLEY_E2E_RUN'];
}

/** Where a suite's traces, videos and failure screenshots of this run go: e2e/artifacts/<suite>/<run>/. */
export function suiteOutputDir(suite: Suite, run = runId()): string {
  return `${ARTIFACTS_DIR}${suite}/${run}`;
}

/** The HTML report of this run (both suites): e2e/artifacts/reports/<run>/. */
export function reportDir(run = runId()): string {
  return `${ARTIFACTS_DIR}reports/${run}`;
}
