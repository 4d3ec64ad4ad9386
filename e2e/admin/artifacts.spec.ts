import { sep } from 'node:path';
import { expect, test } from '../support';
import { runId } from '../support/artifacts';

test('this run keeps its traces in its own admin folder under e2e/artifacts', async ({}, testInfo) => {
  expect(testInfo.project.name).toBe('admin');
  expect(testInfo.outputDir).toContain(`${sep}artifacts${sep}admin${sep}${runId()}${sep}`);
});
