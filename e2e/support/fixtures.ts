import { test as base, type Page } from '@playwright/test';
import type { ServerConfig } from '@parley/server';
import { signInAgent } from './agent';
import { openCustomerSession, type TestCustomer } from './customer';
import { startTestServer, type TestServer } from './server';

export interface ParleyFixtures {
  /** Overrides for this file's (or describe block's) server: `test.use({ serverConfig: { … } })`. */
  serverConfig: Partial<ServerConfig>;
  /** A real server for this test, on a free port and a fresh data directory; disposed after it. */
  server: TestServer;
  /** An SDK customer on `server`, signed in as a visitor; every one opened is closed after the test. */
  openCustomer: (name?: string) => Promise<TestCustomer>;
  /** The console on `server`, signed in as its admin and showing the queue. */
  agentPage: Page;
}

/**
 * The e2e test with Parley's set-up as fixtures, so a spec asks for what it
 * needs (`{ server, openCustomer, agentPage }`) instead of repeating
 * beforeEach/afterEach. Customers close before the server is disposed
 * (fixtures tear down in reverse dependency order).
 * @example
 * test('…', async ({ agentPage: page, openCustomer }) => {
 *   const customer = await openCustomer('Ada');
 * });
 */
export const test = base.extend<ParleyFixtures>({
  serverConfig: [{}, { option: true }],
  server: async ({ serverConfig }, use) => {
    const server = await startTestServer(serverConfig);
    try {
      await use(server);
    } finally {
      await server.dispose();
    }
  },
  openCustomer: async ({ server }, use) => {
    const opened: TestCustomer[] = [];
    await use(async (name) => {
      const customer = await openCustomerSession(server.url, name);
      opened.push(customer);
      return customer;
    });
    for (const customer of opened) await customer.close();
  },
  agentPage: async ({ page, server }, use) => {
    await signInAgent(page, server, server.admin);
    await use(page);
  },
});

export { expect } from '@playwright/test';
