import { expect, type Page, test } from '@playwright/test';
import { openCustomerSession, signInAgent, snap, startTestServer, type TestCustomer, type TestServer } from '../support';

let server: TestServer;
let customer: TestCustomer | undefined;

test.beforeEach(async () => {
  server = await startTestServer();
});

test.afterEach(async () => {
  await customer?.close();
  customer = undefined;
  await server.dispose();
});

/** Seqs of the public messages on screen, in DOM order (pending ones have none yet). */
async function publicSeqsOnScreen(page: Page): Promise<number[]> {
  const seqs = await page
    .getByRole('list', { name: 'Messages' })
    .locator('li.message[data-stream="public"]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq') ?? 'NaN')));
  return seqs;
}

test('after a server restart the console reconnects and shows every message exactly once', async ({ page }, testInfo) => {
  await signInAgent(page, server, server.admin);
  customer = await openCustomerSession(server.url, 'Linus');
  const query = await customer.openQuery('Invoice is wrong', 'My invoice shows the wrong VAT number.');
  await page.locator(`a[data-query-id="${query.id}"]`).click();
  const chat = customer.conversation(query.id);
  await customer.waitFor(query.id, (s) => s.joined);

  const composer = page.getByRole('textbox', { name: 'Reply to customer' });
  await composer.fill('Which number should it show?');
  await composer.press('Enter');
  await chat.send('DE123456789').done;
  await expect.poll(() => publicSeqsOnScreen(page)).toEqual([1, 2, 3]);

  // The server goes away mid-conversation.
  await server.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-state', /reconnecting|connecting/);

  // Both sides keep writing while it is down: the agent's message waits in the outbox.
  await composer.fill('Thanks, fixing it now.');
  await composer.press('Enter');
  await expect(banner).toContainText('1 message waiting to send');
  await expect(page.locator('li.message[data-delivery="pending"]')).toHaveCount(1);
  const customerWhileDown = chat.send('Also the address is outdated.');
  await snap(page, testInfo, '1-reconnecting');

  // Same port, same data directory: everyone carries on.
  await server.start();
  await expect(banner).toBeHidden({ timeout: 45_000 });
  await customerWhileDown.done;
  await chat.send('Thank you!').done;

  await expect.poll(() => publicSeqsOnScreen(page), { timeout: 20_000 }).toEqual([1, 2, 3, 4, 5, 6]);
  const stored = await customer.client.listMessages(query.id, { after: 0 });
  expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  // The screen shows each stored message once, in order, with the same text.
  const bodies = await page
    .getByRole('list', { name: 'Messages' })
    .locator('li.message[data-stream="public"] pa-message-body')
    .allTextContents();
  expect(bodies).toEqual(stored.map((m) => m.body));
  await expect(page.locator('li.message[data-delivery="pending"]')).toHaveCount(0);
  await snap(page, testInfo, '2-carried-on');
});
