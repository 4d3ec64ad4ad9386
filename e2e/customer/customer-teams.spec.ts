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

test('a customer picks what their question is about, and it reaches that team', async () => {
  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const admin = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    await admin.createTeam({ name: 'Support', isDefault: true });
    const billing = await admin.createTeam({ name: 'Billing' });
    const page = await context.newPage();
    const app = customerApp(page);
    await app.startAsVisitor(server.url, 'Ada');
    await page.getByRole('link', { name: 'Ask a new question' }).click();
    const picker = page.getByTestId('query-team');
    await expect(picker).toContainText('Support');
    await picker.click();
    await page.getByRole('radio', { name: 'Billing' }).click();
    await expect(picker).toContainText('Billing');
    await page.getByLabel('Subject').fill('Invoice');
    await page.getByLabel('Your message').fill('The VAT is wrong.');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(page).toHaveURL(/\/queries\/[0-9a-f-]{36}$/);
    const queryId = page.url().split('/').pop()!;
    expect((await admin.getQuery(queryId)).team).toEqual({ id: billing.id, name: 'Billing' });
  } finally {
    await admin.close();
  }
});

test('outside business hours the app says when the team answers, and the team’s automatic reply arrives once', async () => {
  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const admin = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    // Open only tomorrow (UTC weekday), so closed now whatever the time of the run.
    const tomorrow = ((new Date().getUTCDay() + 7) % 7) + 1;
    await admin.createTeam({
      name: 'Night desk',
      isDefault: true,
      hours: { timeZone: 'UTC', ranges: [{ day: tomorrow, open: '09:00', close: '17:00' }] },
      autoReply: 'Thanks! We are closed now and answer from 9:00 UTC.',
    });
    const page = await context.newPage();
    const app = customerApp(page);
    await app.startAsVisitor(server.url, 'Owl');
    await page.getByRole('link', { name: 'Ask a new question' }).click();
    await expect(page.getByTestId('team-closed')).toContainText('Night desk is away now: an agent answers from');
    await page.getByLabel('Subject').fill('Late question');
    await page.getByLabel('Your message').fill('Are you there?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(app.message('We are closed now and answer from 9:00 UTC.')).toBeVisible();
    await expect(app.messages).toHaveCount(2);
  } finally {
    await admin.close();
  }
});
