import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { expect, type BrowserContext, test } from '@playwright/test';
import { assertBuilt, snap, startTestServer, type TestServer } from '../support';
import { customerApp, PHONE } from './support/customer-app';

let server: TestServer;
let context: BrowserContext;

test.beforeEach(async ({ browser }) => {
  assertBuilt('customer');
  server = await startTestServer();
  context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
});

test.afterEach(async () => {
  await context?.close();
  await server?.dispose();
});

async function agentClient() {
  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const agent = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  agent.connect();
  return agent;
}

test('"My queries" follows an agent reply live: preview and unread badge, without reloading', async ({}, testInfo) => {
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Ada');
  const queryId = await app.openQuery('Parcel lost', 'Where is it?');
  await page.getByRole('button', { name: 'Back to my queries' }).click();
  const item = page.getByTestId('query-item');
  await expect(item.locator('.preview')).toHaveText('You: Where is it?');

  const agent = await agentClient();
  await agent.conversation(queryId).send('Found it, it ships today.').done;
  await expect(item.locator('.preview')).toContainText('Found it, it ships today.');
  await expect(item.getByTestId('unread-badge')).toHaveText('1');
  await snap(page, testInfo, '1-customer-list-live');
  await agent.close();
});

test('offline behind the service worker, the list says so (never "HTTP 504") and recovers by itself', async ({}, testInfo) => {
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Grace');
  await app.openQuery('Invoice', 'Please resend invoice 42.');
  await page.getByRole('button', { name: 'Back to my queries' }).click();
  await app.waitForServiceWorker();

  // The service worker serves the app shell offline; the API call must fail as "offline", not as its 504.
  await context.setOffline(true);
  await page.reload();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('You are offline');
  await expect(page.getByText('HTTP 504')).toHaveCount(0);
  await expect(page.getByText('No questions yet')).toHaveCount(0);
  await snap(page, testInfo, '1-customer-list-offline');

  await context.setOffline(false);
  await expect(alert).toHaveCount(0);
  await expect(page.getByTestId('query-item')).toContainText('Invoice');
});

test('a signed-in customer opening /start goes to their queries instead of becoming a new visitor', async () => {
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Hedy');
  await app.openQuery('Frequency hopping', 'A question about my patent.');
  await page.goto(`${server.url}/start`);
  await expect(page).toHaveURL(/\/queries$/);
  await expect(page.getByTestId('query-item')).toContainText('Frequency hopping');
});

test('on a phone, the start page’s title sits centred in its bar, like every page’s', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/start`);
  await expect(page.getByRole('button', { name: 'Start chatting' })).toBeVisible();
  const bar = (await page.locator('ion-toolbar').first().boundingBox())!;
  const title = (await page.locator('h1.page-title').first().boundingBox())!;
  // A bare `h1` rule of the page used to give the title a margin and a larger font: 4 px low.
  expect(Math.abs(title.y + title.height / 2 - (bar.y + bar.height / 2))).toBeLessThanOrEqual(1);
});
