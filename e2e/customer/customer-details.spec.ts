import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { expect, type BrowserContext, test } from '@playwright/test';
import { assertBuilt, startTestServer, type TestServer } from '../support';
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

test('a visitor corrects their name and adds an email: agents see it, and the next message carries the new name', async () => {
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'ada');
  const queryId = await app.openQuery('Invoice', 'Can I get an invoice?');
  await page.getByRole('button', { name: 'Back to my queries' }).click();

  await page.getByTestId('your-details').click();
  await expect(page).toHaveURL(/\/details$/);
  await expect(page.getByTestId('details-name').locator('input')).toHaveValue('ada');
  await page.getByTestId('details-name').locator('input').fill('Ada Lovelace');
  await page.getByTestId('details-email').locator('input').fill('ada@example.test');
  await page.getByTestId('details-save').click();
  await expect(page).toHaveURL(/\/queries$/);

  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const agent = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    agent.connect();
    const query = await agent.getQuery(queryId);
    const card = await agent.loadCustomer(query.customer.id);
    expect(card.customer).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.test' });

    await page.getByTestId('query-item').click();
    await app.send('Thanks, that is my name now.');
    const side = agent.conversation(queryId);
    await expect.poll(() => side.state.getSnapshot().messages.find((m) => m.body.startsWith('Thanks'))?.author.name).toBe('Ada Lovelace');
    // Reloaded, the app still knows the new name (the session it keeps was updated).
    await page.reload();
    await page.getByRole('button', { name: 'Back to my queries' }).click();
    await page.getByTestId('your-details').click();
    await expect(page.getByTestId('details-name').locator('input')).toHaveValue('Ada Lovelace');
  } finally {
    await agent.close();
  }
});
