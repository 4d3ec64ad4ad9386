import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentClient, memoryStorage, signInAgent } from '@parley/client';
import { signIdentityToken } from '@parley/server';
import { expect, type FrameLocator, type Page, test } from '@playwright/test';
import { assertBuilt, snap, startTestServer, type TestServer } from '../support';

const IDENTITY_SECRET = 'host-and-parley-share-this-secret';

/** A host site on its own origin (http://localhost:<port>): two pages with the one-line snippet. */
async function startHostSite(parleyUrl: () => string): Promise<{ origin: string; server: Server }> {
  const page = (title: string) => `<!doctype html><html><head><title>${title}</title>
<style>body { font-family: serif; background: #fdf6e3; } button { color: red; }</style></head>
<body><h1>${title}</h1><a href="/other">Other page</a>
<script src="${parleyUrl()}/widget.js" data-parley data-greeting="Questions? We are here." data-color="#00796b" async></script>
</body></html>`;
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(request.url === '/other' ? 'Other page' : 'Acme Shop'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

const launcher = (page: Page) => page.locator('[data-parley-widget]').locator('button.launcher');
const badge = (page: Page) => page.locator('[data-parley-widget]').locator('.badge');
const app = (page: Page): FrameLocator => page.locator('[data-parley-widget]').frameLocator('iframe');

let parley: TestServer;
const hosts: Server[] = [];

test.afterEach(async () => {
  for (const host of hosts.splice(0)) {
    host.closeAllConnections();
    await new Promise((resolve) => host.close(resolve));
  }
  await parley?.dispose();
});

test('a site on another origin embeds the widget: a visitor chats, the badge counts a reply, the panel stays open across pages, Parley.identify signs in', async ({ browser }, testInfo) => {
  assertBuilt('customer');
  // The host's origin must be known before Parley starts (CORS_ORIGINS lists who may frame the app).
  const host = await startHostSite(() => parley.url);
  hosts.push(host.server);
  parley = await startTestServer({ identitySecret: IDENTITY_SECRET, corsOrigins: [host.origin] });

  // A fresh context is a private window: Chromium refuses the framed app its own storage there, so what follows
  // also proves the widget keeps it in the host page's storage (the visitor is the same on the site's next page).
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  await expect(launcher(page)).toBeVisible();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-parley-widget]').locator('.greeting')).toContainText('Questions? We are here.');
  // The host's red button style does not reach the launcher (shadow DOM), and only window.Parley is added.
  expect(await launcher(page).evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(0, 121, 107)');
  expect(await page.evaluate(() => typeof (window as { Parley?: { open: unknown } }).Parley?.open)).toBe('function');

  await launcher(page).click();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  const frame = app(page);
  await frame.getByLabel('Your name (optional)').fill('Wendy');
  await frame.getByRole('button', { name: 'Start chatting' }).click();
  await frame.getByRole('link', { name: 'Ask a new question' }).click();
  await frame.getByLabel('Subject').fill('Widget order');
  await frame.getByLabel('Your message').fill('Asked from the shop page.');
  await frame.getByRole('button', { name: 'Send question' }).click();
  await expect(frame.getByTestId('message-body').first()).toHaveText('Asked from the shop page.');
  await snap(page, testInfo, '1-open-panel');

  // Closed panel: an agent's reply shows as a badge, and is not marked read.
  await launcher(page).click();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  const session = await signInAgent(parley.url, parley.admin.email, parley.admin.password);
  const agent = new AgentClient({ baseUrl: parley.url, session, storage: memoryStorage() });
  agent.connect();
  try {
    await agent.loadQueue();
    const query = agent.queue.getSnapshot().items.find((q) => q.subject === 'Widget order');
    expect(query).toBeDefined();
    await agent.conversation(query!.id).send('Your order ships today.').done;
    await expect(badge(page)).toHaveText('1');
    await expect(launcher(page)).toHaveAccessibleName('Chat with us (1 unread)');
    expect((await agent.getQuery(query!.id)).customerReadSeq).toBe(1);
    await snap(page, testInfo, '2-badge');

    // Opening the panel shows the reply and clears the badge; the app marks it read.
    await launcher(page).click();
    await expect(frame.getByTestId('message-body').filter({ hasText: 'Your order ships today.' })).toBeVisible();
    await expect(badge(page)).toBeHidden();
    await expect.poll(async () => (await agent.getQuery(query!.id)).customerReadSeq).toBe(2);
  } finally {
    await agent.close();
  }

  // The panel stays open on the host's next page.
  await page.goto(`${host.origin}/other`);
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(app(page).getByTestId('query-item')).toContainText('Widget order');

  // The host signs its user in: the panel shows that customer (none of Wendy's queries).
  const identity = await signIdentityToken({ externalId: 'acme-77', name: 'Ivy Identified', email: 'ivy@example.com' }, IDENTITY_SECRET, 3600);
  await page.evaluate((token) => (window as { Parley?: { identify(t: string): void } }).Parley!.identify(token), identity);
  await expect(app(page).getByTestId('query-item')).toHaveCount(0);
  await app(page).getByRole('link', { name: 'Ask a new question' }).click();
  await app(page).getByLabel('Subject').fill('As Ivy');
  await app(page).getByLabel('Your message').fill('Signed in by the shop.');
  await app(page).getByRole('button', { name: 'Send question' }).click();
  await expect(app(page).getByTestId('message-body').first()).toHaveText('Signed in by the shop.');
  const check = new AgentClient({ baseUrl: parley.url, session, storage: memoryStorage() });
  try {
    await check.loadQueue();
    const ivy = check.queue.getSnapshot().items.find((q) => q.subject === 'As Ivy');
    expect(ivy?.customer.name).toBe('Ivy Identified');
  } finally {
    await check.close();
  }
  await context.close();
});

test('a site not listed in CORS_ORIGINS cannot frame the app', async ({ browser }) => {
  assertBuilt('customer');
  parley = await startTestServer({ corsOrigins: ['https://listed.example.com'] });
  const host = await startHostSite(() => parley.url);
  hosts.push(host.server);
  const page = await (await browser.newContext()).newPage();
  const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
  await page.goto(`${host.origin}/`);
  await expect(launcher(page)).toBeVisible();
  // Chromium refuses the frame by the app's Content-Security-Policy: frame-ancestors.
  expect((await refused).text()).toMatch(/^Framing '.*' violates the following Content Security Policy directive: "frame-ancestors 'self' https:\/\/listed.example.com"/);
  await expect(app(page).getByRole('button', { name: 'Start chatting' })).toHaveCount(0);
});
