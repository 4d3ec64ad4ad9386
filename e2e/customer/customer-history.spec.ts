import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { expect, test } from '@playwright/test';
import { assertBuilt, snap, startTestServer, type TestServer } from '../support';
import { customerApp, PHONE } from './support/customer-app';

let server: TestServer;

test.beforeEach(async () => {
  assertBuilt('customer');
  // The agent below sends a long answer in one go: no per-connection rate limit for this test.
  server = await startTestServer({ rateLimitMessages: 0 });
});

test.afterEach(async () => {
  await server?.dispose();
});

test('a long conversation opens on its latest messages and scrolls back through the rest, in order', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true });
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Barbara');
  const queryId = await app.openQuery('Setting up the router', 'Step by step, please.');

  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const agent = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  agent.connect();
  const chat = agent.conversation(queryId);
  const steps = Array.from({ length: 60 }, (_, i) => `Step ${i + 1}`);
  await Promise.all(steps.map((step) => chat.send(step).done));
  await agent.close();

  // Coming back to the conversation later: the latest page, with the way back offered.
  await page.reload();
  await expect(app.messages).toHaveCount(50);
  await expect(app.messages.last()).toContainText('Step 60');
  const older = page.getByRole('button', { name: 'Show earlier messages' });
  await older.click();
  await expect(app.messages).toHaveCount(61);
  await expect(older).toBeHidden();
  expect(await app.bodies()).toEqual(['Step by step, please.', ...steps]);
  await snap(page, testInfo, '1-customer-scrolled-back');
  await context.close();
});
