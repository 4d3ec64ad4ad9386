import { expect, snap, test } from '../support';

test('an admin manages canned replies and an agent inserts one with "/" in the composer', async ({ agentPage: page, openCustomer }, testInfo) => {
  await page.getByRole('link', { name: 'Canned replies' }).click();
  await expect(page.getByText('No canned replies yet.')).toBeVisible();

  const addForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add canned reply' }) });
  for (const [shortcut, title, body] of [
    ['refund', 'Refund policy', 'Refunds reach your account within 5 working days.'],
    ['hello', 'Greeting', 'Hi! Thanks for reaching out.'],
  ] as const) {
    await addForm.getByLabel('Shortcut').fill(shortcut);
    await addForm.getByLabel('Title').fill(title);
    await addForm.getByLabel('Text').fill(body);
    await addForm.getByRole('button', { name: 'Add canned reply' }).click();
    await expect(page.getByRole('cell', { name: `/${shortcut}`, exact: true })).toBeVisible();
  }

  // Edit one in place.
  await page.getByRole('button', { name: 'Edit /hello' }).click();
  const editForm = page.getByRole('form', { name: 'Edit /hello' });
  await editForm.getByLabel('Text').fill('Hello! Thanks for reaching out.');
  await editForm.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Hello! Thanks for reaching out.')).toBeVisible();

  // A duplicate shortcut is refused with the server's words.
  await addForm.getByLabel('Shortcut').fill('refund');
  await addForm.getByLabel('Title').fill('Duplicate');
  await addForm.getByLabel('Text').fill('x');
  await addForm.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByRole('alert')).toContainText('already used');
  await snap(page, testInfo, '1-manage');

  // Use it in a conversation.
  const customer = await openCustomer('Mia');
  const query = await customer.openQuery('Refund?', 'When do I get my money back?');
  await page.getByRole('link', { name: 'Queue' }).click();
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.pressSequentially('/ref');
  const options = page.getByRole('listbox', { name: 'Canned replies' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('/refund');
  await snap(page, testInfo, '2-suggestions');
  await composer.press('Enter');
  await expect(composer).toHaveValue('Refunds reach your account within 5 working days.');
  await composer.press('Enter');
  await customer.waitFor(query.id, (s) =>
    s.messages.some((m) => m.body === 'Refunds reach your account within 5 working days.'),
  );

  // Deleting removes it from the list.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('link', { name: 'Canned replies' }).click();
  await page.getByRole('button', { name: 'Delete /hello' }).click();
  await expect(page.getByRole('cell', { name: '/hello', exact: true })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: '/refund', exact: true })).toBeVisible();
});
