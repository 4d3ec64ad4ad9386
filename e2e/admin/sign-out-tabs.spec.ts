import type { Page } from '@playwright/test';
import { expect, snap, test } from '../support';

/** The keys of this browser's storage that hold text an agent wrote: unsent messages and drafts. */
function writtenTextKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('parley-admin:outbox:') || key.startsWith('parley-admin:draft:')),
  );
}

test('signing out in one tab signs the agent out of the other tabs too, and leaves none of their unsent messages or drafts', async ({
  agentPage: page,
  server,
  openCustomer,
}, testInfo) => {
  const customer = await openCustomer('Noor');
  const query = await customer.openQuery('Charged twice', 'My card was charged twice for one order.');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  await expect(page.locator('li.message')).toHaveCount(1);
  // A second tab of the same browser: it reads the session from the same storage.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.locator('li.message')).toHaveCount(1);

  // The other tab writes a reply the server cannot take yet, then starts another one.
  await server.stop();
  const composer = other.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('I have refunded the second charge.');
  await composer.press('Enter');
  await expect(other.getByTestId('connection-banner')).toContainText('1 message waiting to send');
  await composer.fill('It should show on your statement wit');
  await expect.poll(() => writtenTextKeys(page)).toHaveLength(2);

  // Signed out on purpose in the first tab (it may ask about the waiting message: it sees the other tab's outbox).
  page.on('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(other).toHaveURL(/\/sign-in/);
  await expect(other.getByRole('status')).toHaveText('You signed out in another tab.');
  expect(await writtenTextKeys(other)).toEqual([]);
  await snap(other, testInfo, 'signed-out-in-another-tab');
  await other.setViewportSize({ width: 390, height: 844 });
  await snap(other, testInfo, 'signed-out-in-another-tab-phone');

  // Neither tab sends the discarded reply once the server is back.
  await server.start();
  const stored = await customer.client.listMessages(query.id, { after: 0 });
  expect(stored.map((m) => m.body)).toEqual(['My card was charged twice for one order.']);
  expect(await writtenTextKeys(page)).toEqual([]);
});
