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

test('the customer sees who joined and who resolved, live, and that they reopened it by writing again', async ({}, testInfo) => {
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Cleo');
  const queryId = await app.openQuery('Broken zipper', 'The zipper broke on day one.');

  const session = await signInAgent(server.url, server.admin.email, server.admin.password);
  const agent = new AgentClient({ baseUrl: server.url, session, storage: memoryStorage() });
  try {
    agent.connect();
    await expect.poll(() => agent.status.getSnapshot().state).toBe('online');
    const name = agent.user.name;
    const events = app.log.getByTestId('timeline-event');
    await agent.assign(queryId);
    await expect(events).toHaveText([`${name} joined the conversation`]);
    await agent.conversation(queryId).send('Sorry! A new one is on its way.').done;
    await agent.resolve(queryId);
    await expect(events).toHaveText([`${name} joined the conversation`, `Resolved by ${name}`]);
    await app.send('It arrived broken too');
    await expect(events.nth(2)).toHaveText('You reopened the conversation');
    await snap(page, testInfo, '1-customer-timeline');
  } finally {
    await agent.close();
  }
});
