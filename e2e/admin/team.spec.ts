import { expect, signInAgent, snap, test } from '../support';

test('an admin adds an agent, sees their presence live, transfers a query to them and manages the account', async ({
  agentPage: page,
  browser,
  server,
  openCustomer,
}, testInfo) => {
  await page.getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();

  await page.getByLabel('Name').fill('Bob Builder');
  await page.getByLabel('Email').fill('bob@parley.test');
  await page.getByLabel('Password').fill('bob-password-1');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByText('Bob Builder can now sign in as bob@parley.test.')).toBeVisible();
  const bobRow = page.getByRole('row', { name: /Bob Builder/ });
  await expect(bobRow).toContainText('offline');

  // Bob signs in elsewhere: his presence reaches the admin without a reload.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  try {
    await signInAgent(bob, server, { email: 'bob@parley.test', password: 'bob-password-1' });
    await expect(bobRow).toContainText('online');
    await bob.getByLabel('My status').selectOption('away');
    await expect(bobRow).toContainText('away');
    await bob.getByLabel('My status').selectOption('online');
    await expect(bobRow).toContainText('online');
    await snap(page, testInfo, '1-agents');

    // A query transferred to Bob lands in his "Mine" tab.
    const customer = await openCustomer('Carla');
    const query = await customer.openQuery('Change my plan', 'Please move me to the yearly plan.');
    await page.getByRole('link', { name: 'Queue' }).click();
    await page.locator(`a[data-query-id="${query.id}"]`).click();
    await page.getByLabel('Transfer to').selectOption({ label: 'Bob Builder (online)' });
    await page.getByRole('button', { name: 'Transfer' }).click();
    await expect(page.getByText('Assigned to Bob Builder')).toBeVisible();
    await bob.getByRole('tab', { name: /Mine/ }).click();
    await expect(bob.locator(`a[data-query-id="${query.id}"]`)).toContainText('Bob Builder');

    // Role change and deactivation.
    await page.getByRole('link', { name: 'Agents' }).click();
    await bobRow.getByLabel('Role of Bob Builder').selectOption('admin');
    await expect(bobRow.getByLabel('Role of Bob Builder')).toHaveValue('admin');
    page.once('dialog', (dialog) => void dialog.accept());
    await bobRow.getByRole('button', { name: 'Deactivate' }).click();
    await expect(bobRow.getByRole('button', { name: 'Reactivate' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('row', { name: /Bob Builder/ }).getByRole('button', { name: 'Reactivate' })).toBeVisible();
    await expect(page.getByRole('row', { name: /Bob Builder/ }).getByLabel('Role of Bob Builder')).toHaveValue('admin');
  } finally {
    await bobContext.close();
  }
});

test.describe('with the message rate limit lifted', () => {
  // Sending 70 messages quickly is this test's set-up, not abuse (with the per-minute quota on, the last ten waited
  // most of a minute for it).
  test.use({ serverConfig: { rateLimitMessages: 0, customerMessagesPerMinute: 0 } });

  test('older messages load when the agent scrolls back to the top', async ({ page, server, openCustomer }) => {
    const customer = await openCustomer('Chatty');
    const query = await customer.openQuery('Long story', 'message 1');
    const chat = customer.conversation(query.id);
    await customer.waitFor(query.id, (s) => s.joined);
    for (let i = 2; i <= 70; i++) await chat.send(`message ${i}`).done;

    await signInAgent(page, server, server.admin);
    await page.locator(`a[data-query-id="${query.id}"]`).click();
    const rows = page.getByRole('list', { name: 'Messages' }).locator('li.message');
    await expect(rows.last()).toContainText('message 70');
    // The join brings the latest page only; older history waits for scroll-back.
    expect(await rows.count()).toBeLessThan(70);
    await expect(page.getByRole('button', { name: 'Load older messages' })).toBeVisible();

    // Scrolling to the top is all it takes (the button is there for keyboard users).
    const scroller = page.locator('pa-message-list .scroller');
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
        return rows.count();
      })
      .toBe(70);
    await expect(rows.first()).toContainText('message 1');
    const seqs = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))));
    expect(seqs).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    await expect(page.getByRole('button', { name: 'Load older messages' })).toHaveCount(0);
  });
});
