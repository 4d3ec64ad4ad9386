import { expect, test } from '../support';

test('a reply takes an unassigned query, as the composer says; an admin turns that off in Settings', async ({ agentPage: page, openCustomer }) => {
  const me = (await page.getByTestId('me').textContent())!.trim();
  const customer = await openCustomer('Dora');
  const first = await customer.openQuery('First', 'Hello?');
  await page.locator(`a[data-query-id="${first.id}"]`).click();
  await expect(page.getByTestId('takes-hint')).toHaveText('Unassigned: your reply assigns it to you.');
  // A note never takes it, so the hint goes while writing one.
  await page.getByRole('checkbox', { name: 'Internal note' }).check();
  await expect(page.getByTestId('takes-hint')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Internal note' }).uncheck();
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('Hi Dora, I am on it.');
  await composer.press('Enter');
  await expect(page.getByText(`Assigned to ${me}`)).toBeVisible();
  await expect(page.getByTestId('takes-hint')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Messages' }).getByTestId('timeline-event')).toContainText([`${me} took the query`]);

  await page.getByRole('link', { name: 'Settings' }).click();
  const setting = page.getByTestId('setting-reply-assigns');
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  const second = await customer.openQuery('Second', 'Hello again?');
  await page.getByRole('link', { name: 'Queue' }).click();
  await page.locator(`a[data-query-id="${second.id}"]`).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second');
  await expect(page.getByTestId('takes-hint')).toHaveCount(0);
  await composer.fill('Looking into it.');
  await composer.press('Enter');
  await expect(page.locator('li.message.mine')).toHaveCount(1);
  await expect(page.locator('header.head')).toContainText('Unassigned');
  await expect(page.getByRole('button', { name: 'Assign to me' })).toBeVisible();
});
