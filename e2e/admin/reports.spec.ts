import { readFile } from 'node:fs/promises';
import { expect, snap, test } from '../support';

test('an admin reads the reports: conversations, first response, resolution and ratings drawn from the stored history, and downloads them as CSV', async ({ agentPage: page, openCustomer }, testInfo) => {
  const customer = await openCustomer('Rita');
  const query = await customer.openQuery('Report me', 'Hello, anyone?');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('Hi Rita, here to help.');
  await composer.press('Enter');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('resolved');
  await customer.client.rateQuery(query.id, { score: 4 });
  await customer.openQuery('Another one', 'Nobody answered this yet');

  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-opened')).toHaveText('2');
  await expect(page.getByTestId('report-first-response')).not.toHaveText('—');
  await expect(page.getByTestId('report-csat')).toHaveText('4 / 5');
  await expect(page.getByTestId('report-agents').locator('tbody tr')).toHaveCount(2);
  // Drawn, not only tabulated.
  await expect.poll(() => page.locator('pa-bar-chart canvas').first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
  await snap(page, testInfo, '1-reports');
  // An admin's bar (eight pages, alerts, status, name, sign out) stays on one line at 1280 px.
  const tops = await page.locator('header.bar > *:not(.skip)').evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)));
  expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(20);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^parley-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await file.path(), 'utf8');
  expect(csv).toContain('day,conversations opened');
  expect(csv).toMatch(/\r\nTotal,2,/);
});
