import { AgentClient, memoryStorage, signInAgent as signInAgentApi } from '@parley/client';
import { expect, type Browser, type BrowserContext, type Page, test } from '@playwright/test';
import { assertBuilt, signInAgent, snap, startTestServer, type TestServer } from '../support';
import { bigPngBytes, customerApp, decoded, PHONE } from './support/customer-app';

let server: TestServer;
let customerContext: BrowserContext;
let agentContext: BrowserContext;

test.beforeEach(async ({ browser }) => {
  assertBuilt('customer');
  server = await startTestServer();
  ({ customerContext, agentContext } = await openContexts(browser));
});

test.afterEach(async () => {
  await customerContext?.close();
  await agentContext?.close();
  await server?.dispose();
});

async function openContexts(browser: Browser) {
  return {
    customerContext: await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true }),
    agentContext: await browser.newContext(),
  };
}

/** Public message seqs in the console's log, in DOM order. */
function agentSeqs(agent: Page): Promise<number[]> {
  return agent
    .getByRole('list', { name: 'Messages' })
    .locator('li.message[data-stream="public"]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq') ?? 'NaN')));
}

test('a customer chats with an agent, sends a picture, writes offline, rates the help and reopens', async ({}, testInfo) => {
  const customer = await customerContext.newPage();
  const agent = await agentContext.newPage();
  const app = customerApp(customer);

  // The customer starts as a visitor and opens a query from the app.
  await app.startAsVisitor(server.url, 'Ada Lovelace');
  await expect(customer.getByText('No questions yet')).toBeVisible();
  await snap(customer, testInfo, '1-customer-empty');
  const queryId = await app.openQuery('Parcel never arrived', 'Order #1234 was due on Monday.');
  await expect(app.messages).toHaveCount(1);
  await expect(customer.getByTestId('agent-status')).toContainText('Waiting for an agent');

  // The agent sees it in the console, takes it, and the customer sees who is helping.
  await signInAgent(agent, server, server.admin);
  const row = agent.locator(`a[data-query-id="${queryId}"]`);
  await expect(row).toContainText('Ada Lovelace');
  await row.click();
  await agent.getByRole('button', { name: 'Assign to me' }).click();
  // The same account's name, as the server knows it (the console's sign-in form does not show it).
  const agentSession = await signInAgentApi(server.url, server.admin.email, server.admin.password);
  // The customer must see the agent's display name, as the server knows it.
  const adminName = agentSession.agent.name;
  await expect(customer.getByTestId('agent-status')).toContainText(adminName);
  await expect(customer.getByTestId('agent-status')).toContainText('online');
  // The dot agrees with the words (issue 11: it was grey beside "online").
  await expect(customer.getByTestId('agent-status').locator('.presence')).toHaveCSS('background-color', 'rgb(46, 204, 113)');

  // The agent opened it: the customer's first message shows as read.
  await expect(app.messages.first()).toHaveAttribute('data-delivery', 'read');

  // Typing both ways.
  const reply = agent.getByRole('textbox', { name: 'Reply to customer' });
  await reply.pressSequentially('Sorry to hear');
  await expect(customer.getByTestId('typing-indicator')).toHaveText(`${adminName} is typing…`);
  await reply.press('Enter');
  await expect(app.message('Sorry to hear')).toBeVisible();
  await app.composer.pressSequentially('It is a blue box');
  await expect(agent.getByTestId('typing-indicator')).toHaveText('Ada Lovelace is typing…');
  // On a phone Enter is the keyboard's new line; the Send button sends.
  expect(await customer.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
  await app.composer.press('Enter');
  await expect(app.composer).toHaveValue('It is a blue box\n');
  await app.composer.press('Backspace');
  await customer.getByTestId('send').click();
  await expect(agent.locator('li.message[data-seq="3"]')).toContainText('It is a blue box');
  await expect(customer.getByTestId('typing-indicator')).toHaveText('');

  // Text is never HTML on the customer's screen.
  await reply.fill('<img src=x onerror="document.title=`pwned`"> see https://track.example/1234');
  await reply.press('Enter');
  const risky = app.message('<img src=x');
  await expect(risky).toBeVisible();
  await expect(risky.locator('img')).toHaveCount(0);
  await expect(risky.getByRole('link', { name: 'https://track.example/1234' })).toHaveAttribute('rel', 'noopener noreferrer');

  // A file that only pretends to be a picture is refused with what to do.
  const fileInput = customer.getByTestId('file-input');
  await fileInput.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a PNG') });
  const refused = customer.locator('[data-testid="upload-item"][data-state="failed"]');
  await expect(refused).toContainText('was refused');
  await expect(refused).toContainText('only pictures (PNG, JPEG, GIF, WebP) and PDF documents are accepted');
  await expect(refused.getByRole('button', { name: 'Retry uploading photo.png' })).toHaveCount(0);
  await snap(customer, testInfo, '2-customer-upload-refused');
  await refused.getByRole('button', { name: 'Remove photo.png' }).click();

  // A real picture uploads with a moving progress bar — also once the service worker controls the page,
  // where browsers report no upload progress unless the request bypasses it (w3c/ServiceWorker#1141) —
  // and goes out with the message. A slow uplink makes the upload last long enough to watch.
  await app.waitForServiceWorker();
  const cdp = await customerContext.newCDPSession(customer);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200 * 1024 });
  const picture = bigPngBytes(1024 * 1024);
  await fileInput.setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: picture });
  await expect(customer.getByTestId('upload-progress')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/, { timeout: 20_000 });
  await expect(customer.locator('[data-testid="upload-item"][data-state="done"]')).toContainText('parcel.png', { timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await app.send('Here is the label');
  const withPicture = app.message('Here is the label');
  await expect(withPicture.getByRole('img', { name: 'parcel.png' })).toBeVisible();
  await expect.poll(() => decoded(withPicture.getByRole('img', { name: 'parcel.png' }))).toBe(true);
  // The agent sees the picture on their screen, and downloads exactly the bytes sent.
  const agentMessage = agent.locator('li.message[data-seq="5"]');
  await expect(agentMessage).toContainText('Here is the label');
  const agentPicture = agentMessage.getByRole('img', { name: 'parcel.png' });
  await expect(agentPicture).toBeVisible();
  await expect.poll(() => decoded(agentPicture)).toBe(true);
  const [download] = await Promise.all([agent.waitForEvent('download'), agentMessage.getByRole('button', { name: 'Download parcel.png' }).click()]);
  expect(download.suggestedFilename()).toBe('parcel.png');
  const { readFile } = await import('node:fs/promises');
  expect((await readFile((await download.path())!)).equals(picture)).toBe(true);
  await snap(customer, testInfo, '3-customer-conversation');
  await snap(agent, testInfo, '3-agent-conversation');

  // Offline: two messages wait, shown as pending, then arrive once each, in order, on both screens.
  await customerContext.setOffline(true);
  await expect(app.banner).toContainText('You are offline.');
  await app.send('First while offline');
  await app.send('Second while offline');
  await expect(app.message('First while offline')).toHaveAttribute('data-delivery', 'pending');
  await expect(app.message('Second while offline')).toHaveAttribute('data-delivery', 'pending');
  await expect(app.banner).toContainText('2 messages are waiting');
  await snap(customer, testInfo, '4-customer-offline');
  await customerContext.setOffline(false);
  await expect(app.message('Second while offline')).toHaveAttribute('data-delivery', /sent|read/, { timeout: 45_000 });
  await expect(app.banner).toBeHidden();
  await expect.poll(() => agentSeqs(agent), { timeout: 20_000 }).toEqual([1, 2, 3, 4, 5, 6, 7]);
  await expect(agent.locator('li.message[data-seq="6"]')).toContainText('First while offline');
  await expect(agent.locator('li.message[data-seq="7"]')).toContainText('Second while offline');
  const customerBodies = await app.bodies();
  expect(customerBodies.filter((b) => b === 'First while offline')).toHaveLength(1);
  expect(customerBodies.filter((b) => b === 'Second while offline')).toHaveLength(1);
  expect(customerBodies.slice(-2)).toEqual(['First while offline', 'Second while offline']);
  await expect(app.messages).toHaveCount(7);

  // The agent resolves; the customer rates; the agent sees the rating.
  await agent.getByRole('button', { name: 'Resolve' }).click();
  const rating = customer.getByTestId('rating-card');
  await expect(rating).toContainText('How did we do?');
  await rating.getByRole('radio', { name: '4 of 5: Good' }).click();
  // The comment field is a visible box in every platform mode (Ionic outlines it in Material mode only).
  await expect(rating.getByTestId('rating-comment')).toHaveCSS('border-top-style', 'solid');
  await rating.getByLabel('Anything to add? (optional)').fill('Quick and kind.');
  await rating.getByRole('button', { name: 'Send rating' }).click();
  await expect(customer.getByTestId('rating-given')).toContainText('You rated this conversation 4 out of 5');
  // Focus moves to the thank-you, not to the page body.
  await expect(customer.getByRole('heading', { name: 'Thank you for your feedback' })).toBeFocused();
  await snap(customer, testInfo, '5-customer-rated');
  // The agent sees the rating and its comment on their screen, live.
  const agentRating = agent.getByTestId('rating');
  await expect(agentRating).toHaveText('Rated 4/5: “Quick and kind.”');
  await snap(agent, testInfo, '5-agent-after-rating');

  // Writing again reopens the query, and the rating of the earlier resolution goes with it.
  await app.send('Actually, one more thing');
  await expect(agent.getByTestId('query-status')).toHaveText('open');
  await expect(agent.locator('li.message[data-seq="8"]')).toContainText('Actually, one more thing');
  await expect(agentRating).toHaveCount(0);
  await expect(customer.getByTestId('rating-card')).toHaveCount(0);
  // Resolved again, the customer is asked again.
  await agent.getByRole('button', { name: 'Resolve' }).click();
  await expect(customer.getByTestId('rating-card')).toContainText('How did we do?');
});

test('a visitor comes back as the same customer after closing the app, with unread counts', async ({}, testInfo) => {
  const customer = await customerContext.newPage();
  const app = customerApp(customer);
  await app.startAsVisitor(server.url, 'Grace');
  const queryId = await app.openQuery('Invoice address', 'Please change the address on invoice 42.');
  await customer.close();

  // The agent answers while the customer's app is closed.
  const agent = await agentContext.newPage();
  await signInAgent(agent, server, server.admin);
  await agent.locator(`a[data-query-id="${queryId}"]`).click();
  const reply = agent.getByRole('textbox', { name: 'Reply to customer' });
  await reply.fill('Done, the new invoice is on its way.');
  await reply.press('Enter');
  await expect(agent.locator('li.message[data-seq="2"]')).toBeVisible();

  // Reopening the app: same customer, the query is listed with one unread message.
  const again = await customerContext.newPage();
  await again.goto(`${server.url}/`);
  await expect(again).toHaveURL(/\/queries$/);
  const item = again.getByTestId('query-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Invoice address');
  await expect(item.getByTestId('unread-badge')).toHaveText('1');
  await snap(again, testInfo, '1-customer-list-unread');
  await item.click();
  await expect(customerApp(again).message('Done, the new invoice is on its way.')).toBeVisible();
  // Reading it clears the badge.
  await again.getByRole('button', { name: 'Back to my queries' }).click();
  await expect(again.getByTestId('unread-badge')).toHaveCount(0);
});

test('a message written offline survives closing the app and is sent on the next visit', async ({}, testInfo) => {
  const customer = await customerContext.newPage();
  const app = customerApp(customer);
  await app.startAsVisitor(server.url, 'Hedy');
  const queryId = await app.openQuery('Wrong size', 'The shoes are too small.');
  await customerContext.setOffline(true);
  await app.send('Can I swap them for a 42?');
  await expect(app.message('Can I swap them for a 42?')).toHaveAttribute('data-delivery', 'pending');
  await snap(customer, testInfo, '1-customer-pending-before-close');
  await customer.close();

  // Back online later, the app opens again: the outbox kept in localStorage goes out by itself.
  await customerContext.setOffline(false);
  const again = await customerContext.newPage();
  await again.goto(`${server.url}/queries/${queryId}`);
  await expect(customerApp(again).message('Can I swap them for a 42?')).toHaveAttribute('data-delivery', /sent|read/);
  const session = await signInAgentApi(server.url, server.admin.email, server.admin.password);
  const agentApi = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  const stored = await agentApi.listMessages(queryId, { after: 0 });
  expect(stored.map((m) => m.body)).toEqual(['The shoes are too small.', 'Can I swap them for a 42?']);
  await agentApi.close();
});

test('the app says when the server is unreachable, keeps what is written, and recovers by itself', async ({}, testInfo) => {
  const customer = await customerContext.newPage();
  const app = customerApp(customer);
  await app.startAsVisitor(server.url, 'Alan');
  const queryId = await app.openQuery('Login loop', 'The login page keeps reloading.');

  await server.stop();
  await expect(app.banner).toContainText('Cannot reach the support server.');
  await app.send('Still happening on my phone');
  await expect(app.banner).toContainText('1 message is waiting and will be sent automatically');
  await snap(customer, testInfo, '1-customer-server-unreachable');

  await server.start();
  await expect(app.message('Still happening on my phone')).toHaveAttribute('data-delivery', /sent|read/, { timeout: 45_000 });
  await expect(app.banner).toBeHidden();
  const session = await signInAgentApi(server.url, server.admin.email, server.admin.password);
  const agentApi = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  expect((await agentApi.listMessages(queryId, { after: 0 })).map((m) => m.body)).toEqual([
    'The login page keeps reloading.',
    'Still happening on my phone',
  ]);
  await agentApi.close();
});
