import { expect, type BrowserContext, test } from '@playwright/test';
import { assertBuilt, snap, startTestServer, type TestServer } from '../support';
import { customerApp, PHONE } from './support/customer-app';

let server: TestServer;
let context: BrowserContext | undefined;

test.beforeEach(async () => {
  assertBuilt('customer');
  // The e2e server turns the caps off; this test is about the cap, with a small one to reach.
  server = await startTestServer({ maxOpenQueries: 1 });
});

test.afterEach(async () => {
  await context?.close();
  await server?.dispose();
});

for (const [device, options] of [
  ['phone', { viewport: PHONE, isMobile: true, hasTouch: true }],
  ['desktop', {}],
] as const) {
  test(`on a ${device}, a customer at the open-query cap is told why on the new-question page and keeps what they wrote`, async ({ browser }, testInfo) => {
    context = await browser.newContext(options);
    const page = await context.newPage();
    const app = customerApp(page);
    await app.startAsVisitor(server.url, 'Ada');
    await app.openQuery('Parcel lost', 'Where is it?');
    await page.getByRole('button', { name: 'Back to my queries' }).click();

    await page.getByRole('link', { name: 'Ask a new question' }).click();
    await page.getByLabel('Subject').fill('Another thing');
    await page.getByLabel('Your message').fill('Can I change my address?');
    await page.getByRole('button', { name: 'Send question' }).click();
    await expect(page.getByRole('alert')).toContainText('You already have 1 open conversation (at most 1)');
    await expect(page).toHaveURL(/\/queries\/new$/);
    await expect(page.getByLabel('Your message')).toHaveValue('Can I change my address?');
    await snap(page, testInfo, `1-open-query-cap-${device}`);
  });
}
