import { sep } from 'node:path';
import { expect, test } from '../support';
import { runId } from '../support/artifacts';

test('this run keeps its traces in its own customer folder under e2e/artifacts', async ({}, testInfo) => {
  expect(testInfo.project.name).toBe('customer');
  expect(testInfo.outputDir).toContain(`${sep}artifacts${sep}customer${sep}${runId()}${sep}`);
});
