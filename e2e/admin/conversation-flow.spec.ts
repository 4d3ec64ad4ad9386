import { expect, signInAgent, snap, test } from '../support';

test('an agent sees a new query arrive live, works it with the customer and resolves it', async ({ agentPage: page, server, openCustomer }, testInfo) => {
  await expect(page.getByText('No queries here.')).toBeVisible();

  // A customer opens a query from another process: it appears without a reload.
  const customer = await openCustomer('Grace Hopper');
  const query = await customer.openQuery('Parcel never arrived', 'Hi, my order #1234 did not arrive. See https://track.example/1234');
  const row = page.locator(`a[data-query-id="${query.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Grace Hopper');
  await expect(row).toContainText('Parcel never arrived');
  await expect(row).toContainText('order #1234');
  await expect(row.getByTestId('unread')).toContainText('1 unread');
  // The filter chips sit on one row (they used to wrap, leaving one alone on a second line).
  const chipTops = await page.getByRole('tablist', { name: 'Queue filters' }).getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().top));
  expect(new Set(chipTops).size).toBe(1);
  await snap(page, testInfo, '1-queue-live');

  await row.click();
  const log = page.getByRole('list', { name: 'Messages' });
  await expect(log.locator('li.message')).toHaveCount(1);
  // Seeing it is reading it: the unread badge goes.
  await expect(row.locator('.unread')).toHaveCount(0);
  await expect(log.getByRole('link', { name: 'https://track.example/1234' })).toHaveAttribute('rel', 'noopener noreferrer');

  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByText(`Assigned to ${server.admin.name}`)).toBeVisible();
  // Who the customer is: a visitor (openCustomer leaves no email).
  await expect(page.getByTestId('customer-info')).toHaveText('· visitor');

  // The customer joins and starts typing: the agent sees it.
  const chat = customer.conversation(query.id);
  await customer.waitFor(query.id, (s) => s.joined);
  chat.setTyping(true);
  await expect(page.getByTestId('typing-indicator')).toHaveText('Grace Hopper is typing…');

  // The agent types (the customer sees it) and replies with Enter.
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.pressSequentially('Sorry about that');
  await customer.waitFor(query.id, (s) => s.typing.some((u) => u.role !== 'customer'));
  await composer.press('Shift+Enter');
  await composer.pressSequentially('I am checking with the courier.');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  const reply = log.locator('li.message.mine');
  await expect(reply).toHaveCount(1);
  await expect(reply).toContainText('Sorry about that\nI am checking with the courier.');
  await expect(reply.locator('.tick')).toHaveText('✓ Sent');
  const received = await customer.waitFor(query.id, (s) => s.messages.some((m) => m.seq === 2));
  expect(received.messages.find((m) => m.seq === 2)?.body).toBe('Sorry about that\nI am checking with the courier.');

  // The customer reads it (read tick) and answers.
  chat.markRead(2);
  await expect(reply.locator('.tick')).toHaveText('✓✓ Read');
  chat.setTyping(false);
  await expect(page.getByTestId('typing-indicator')).toHaveText('');
  await chat.send('Thanks! <b>No rush</b>').done;
  await expect(log.locator('li.message[data-seq="3"]')).toContainText('Thanks! <b>No rush</b>');
  await snap(page, testInfo, '2-conversation');

  // An internal note stays with the agents.
  await page.getByLabel('Internal note').check();
  await page.getByRole('textbox', { name: 'Internal note' }).fill('Courier confirmed a delay.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(log.locator('li.message.note')).toContainText('Courier confirmed a delay.');

  // Pending: the query moves to the Pending tab, and back.
  await page.getByRole('button', { name: 'Mark pending' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('pending');
  await expect(page.getByRole('tab', { name: /Pending/ }).locator('.count')).toHaveText('1');
  await page.getByRole('button', { name: 'Mark open' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('open');

  // Resolve and Reopen are one button: keyboard focus stays on it when its label flips.
  const statusButton = page.getByRole('button', { name: 'Resolve' });
  await statusButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('query-status')).toHaveText('resolved');
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeFocused();
  await customer.waitFor(query.id, (s) => s.query?.status === 'resolved');
  const customerView = customer.conversation(query.id).state.getSnapshot();
  expect(customerView.messages.map((m) => m.body)).not.toContain('Courier confirmed a delay.');
  await page.getByRole('tab', { name: /Resolved/ }).click();
  await expect(page.locator(`a[data-query-id="${query.id}"]`)).toBeVisible();
  await snap(page, testInfo, '3-resolved');

  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('open');
  await customer.waitFor(query.id, (s) => s.query?.status === 'open');
});

test('the skip link moves focus to the main area without reloading the app', async ({ agentPage: page }) => {
  // A marker that a full page load would wipe.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await expect(page).toHaveURL(/\/admin\/$/);
});

test('the session survives a reload and what the agent typed is still there', async ({ agentPage: page, server, openCustomer }) => {
  const customer = await openCustomer();
  const query = await customer.openQuery('Reset my password', 'I cannot sign in.');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('Half-written answer');

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/admin/queries/${query.id}$`));
  await expect(page.getByRole('textbox', { name: 'Reply to customer' })).toHaveValue('Half-written answer');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
  await page.goto(`${server.url}/admin/`);
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
});

test('a message the server refuses shows as failed, and Retry sends it once', async ({ page, server, openCustomer }) => {
  // Fault injection on the wire: the first message:send is answered with a refusal instead of reaching the server.
  let refuse = true;
  await page.routeWebSocket(/socket\.io/, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((frame) => {
      const send = typeof frame === 'string' ? /^42(\/admin,)?(\d+)\["message:send"/.exec(frame) : null;
      if (refuse && send) {
        refuse = false;
        ws.send(`43${send[1] ?? ''}${send[2]}[{"ok":false,"error":{"code":"invalid_payload","message":"refused by the test"}}]`);
        return;
      }
      upstream.send(frame);
    });
  });
  await signInAgent(page, server, server.admin);
  const customer = await openCustomer('Rita');
  const query = await customer.openQuery('Retry me', 'Hello?');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('Answer that needs a second go');
  await composer.press('Enter');

  const mine = page.locator('li.message.mine');
  await expect(mine.locator('.tick.failed')).toContainText('refused by the test');
  await expect(page.getByTestId('message-announcer')).toHaveText('Your message was not sent.');
  await mine.getByRole('button', { name: 'Retry' }).click();
  await expect(mine.locator('.tick')).toHaveText('✓ Sent');
  await expect(mine).toHaveCount(1);
  const stored = await customer.client.listMessages(query.id, { after: 0 });
  expect(stored.map((m) => m.body)).toEqual(['Hello?', 'Answer that needs a second go']);
});

test('on a phone the console shows one pane at a time: the whole queue, or the conversation opened from it, and the Queue link goes back', async ({ agentPage: page, openCustomer }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  // The top bar fits: the page never scrolls sideways, and every page link is reachable (they scroll on a line
  // of their own; they used to run off the right edge, "Integratio…" cut and Settings unreachable).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const settings = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });
  await settings.scrollIntoViewIfNeeded();
  await expect(settings).toBeInViewport({ ratio: 1 });
  const customer = await openCustomer('Pip');
  const query = await customer.openQuery('Phone check', 'Hello from a phone');
  const row = page.locator(`a[data-query-id="${query.id}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByRole('region', { name: 'Conversation' })).toBeHidden();

  await row.click();
  await expect(page.getByRole('list', { name: 'Messages' }).locator('li.message')).toHaveCount(1);
  await expect(page.getByRole('textbox', { name: 'Reply to customer' })).toBeInViewport();
  await expect(row).toBeHidden();

  await page.getByRole('link', { name: 'Queue', exact: true }).click();
  await expect(row).toBeVisible();
  await expect(page.getByRole('region', { name: 'Conversation' })).toBeHidden();
});
