import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { signIdentityToken } from '@parley/server';
import { expect, test } from '@playwright/test';
import { assertBuilt, snap, startTestServer, type TestServer } from '../support';
import { customerApp, PHONE } from './support/customer-app';

const IDENTITY_SECRET = 'host-and-parley-share-this-secret';
let server: TestServer;

test.beforeEach(async () => {
  assertBuilt('customer');
  server = await startTestServer({ identitySecret: IDENTITY_SECRET });
});

test.afterEach(async () => {
  await server?.dispose();
});

/** What a host's backend does (docs/embedding.md): sign the user's id, name and email with an expiry, pass it in the fragment. */
async function supportUrl(
  baseUrl: string,
  user: { id: string; name: string; email: string },
  secret = IDENTITY_SECRET,
  ttlSeconds = 8 * 3600,
): Promise<string> {
  const identity = await signIdentityToken({ externalId: user.id, name: user.name, email: user.email }, secret, ttlSeconds);
  return `${baseUrl}/#parley-identity=${identity}`;
}

test('a host site signs its user in through the URL fragment, on any device, as the same customer', async ({ browser }, testInfo) => {
  const user = { id: 'shop-user-8812', name: 'Katherine Johnson', email: 'kj@example.com' };
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true });
  const page = await phone.newPage();
  await page.goto(await supportUrl(server.url, user));
  // No start page: straight to the customer's queries, and the signature is gone from the address bar.
  await expect(page).toHaveURL(new RegExp(`^${server.url}/queries$`));
  const app = customerApp(page);
  const queryId = await app.openQuery('Where is my refund?', 'It has been two weeks.');
  await snap(page, testInfo, '1-identified-conversation');
  await phone.close();

  // The agent sees the host's name for the customer.
  const agentSession = await signInAgent(server.url, server.admin.email, server.admin.password);
  const agent = new AgentClient({ baseUrl: server.url, session: agentSession, storage: memoryStorage() });
  expect((await agent.getQuery(queryId)).customer.name).toBe(user.name);

  // Another device, same signed identity: the same customer, with the same query.
  const laptop = await browser.newContext();
  const again = await laptop.newPage();
  await again.goto(await supportUrl(server.url, user));
  await expect(again.getByTestId('query-item')).toContainText('Where is my refund?');
  // The identified session lasts as long as the tab: another tab without the host's link starts afresh.
  const otherTab = await laptop.newPage();
  await otherTab.goto(`${server.url}/`);
  await expect(otherTab).toHaveURL(/\/start$/);
  await laptop.close();
  await agent.close();
});

test('an expired signed identity is refused and the customer starts as a visitor', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(await supportUrl(server.url, { id: 'shop-user-1', name: 'Old Link', email: 'o@example.com' }, IDENTITY_SECRET, -60));
  await expect(page).toHaveURL(/\/start$/);
  await context.close();
});

test('the host signs its user out with #parley-logout: nobody stays signed in on the device', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const app = customerApp(page);
  await app.startAsVisitor(server.url, 'Shared Computer');
  await app.openQuery('Private matter', 'Something personal.');
  await page.goto(`${server.url}/#parley-logout`);
  await expect(page).toHaveURL(/\/start$/);
  await page.goto(`${server.url}/queries`);
  await expect(page).toHaveURL(/\/start$/);
  await context.close();
});

test('an identity signed with the wrong secret is refused and the customer starts as a visitor', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(await supportUrl(server.url, { id: 'mallory', name: 'Mallory', email: 'm@example.com' }, 'not-the-secret-either-at-all'));
  await expect(page).toHaveURL(/\/start$/);
  await expect(page.getByRole('button', { name: 'Start chatting' })).toBeVisible();
  await context.close();
});

test('the app is an installable PWA: manifest, icons and a service worker that never caches the API', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/start`);
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(`${server.url}/${manifestHref}`)).json();
  expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' });
  for (const icon of manifest.icons as Array<{ src: string; type: string }>) {
    const response = await page.request.get(`${server.url}/${icon.src}`);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toContain(icon.type);
  }
  // The worker registers once the app is stable and then controls the page.
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? null), { timeout: 45_000 }).toBe('activated');
  const config = await (await page.request.get(`${server.url}/ngsw.json`)).json();
  expect(config.dataGroups ?? []).toEqual([]);
  expect(config.navigationUrls).toEqual(expect.arrayContaining([expect.objectContaining({ positive: false, regex: expect.stringContaining('api') })]));
  await context.close();
});
