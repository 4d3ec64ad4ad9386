import { expect, snap, test } from '../support';

test('the customer panel shows who the customer is, online now then last seen, their other queries, and takes the agent’s corrections', async ({ agentPage: page, openCustomer }, testInfo) => {
  const customer = await openCustomer('grace h');
  const older = await customer.openQuery('Refund for order 77', 'Where is my refund?');
  const query = await customer.openQuery('Parcel never arrived', 'My order #1234 did not arrive.');
  await page.locator(`a[data-query-id="${query.id}"]`).click();

  const panel = page.getByRole('complementary', { name: 'Customer details' });
  await expect(panel.getByTestId('panel-name')).toHaveText('grace h');
  await expect(panel).toContainText('Visitor');
  // The customer's SDK client is connected: online now, heard live when it goes.
  await expect(panel.getByTestId('customer-presence')).toHaveText(/Online now/);
  const queries = panel.getByTestId('customer-queries').getByRole('link');
  await expect(queries).toHaveText(['Parcel never arrived', 'Refund for order 77']);
  await expect(queries.first()).toHaveAttribute('aria-current', 'page');
  await snap(page, testInfo, '1-customer-panel');

  await customer.close();
  await expect(panel.getByTestId('customer-presence')).toHaveText(/Last seen <1 min ago/);

  // The agent corrects the name and adds the email the customer wrote in a message.
  await panel.getByRole('button', { name: 'Edit name or email' }).click();
  await panel.getByLabel('Name').fill('Grace Hopper');
  await panel.getByLabel('Email').fill('grace@example.test');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByTestId('panel-name')).toHaveText('Grace Hopper');
  await expect(panel.getByTestId('panel-email')).toHaveAttribute('href', 'mailto:grace@example.test');
  // The header and the queue follow at once.
  await expect(page.locator('.head .customer')).toHaveText('Grace Hopper');
  await expect(page.locator(`a[data-query-id="${older.id}"]`)).toContainText('Grace Hopper');
  // A bad address is refused in words, and nothing changes.
  await panel.getByRole('button', { name: 'Edit name or email' }).click();
  await panel.getByLabel('Email').fill('grace@');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByRole('alert')).toBeVisible();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByTestId('panel-email')).toHaveText('grace@example.test');

  // One click into the customer's other query.
  await queries.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/queries/${older.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Refund for order 77');
  await expect(panel.getByTestId('customer-queries').getByRole('link').nth(1)).toHaveAttribute('aria-current', 'page');

  // Hidden and shown again from the header.
  await page.getByRole('button', { name: 'Hide customer' }).click();
  await expect(panel).toHaveCount(0);
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await expect(panel.getByTestId('panel-name')).toHaveText('Grace Hopper');
});
