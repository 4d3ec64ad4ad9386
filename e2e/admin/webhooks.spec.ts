import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultConfig, verifyWebhookSignature } from '@parley/server';
import { expect, snap, test } from '../support';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  type: string;
}

// The receiver runs on 127.0.0.1, which production refuses (SSRF guard); retries are fast so the test is.
test.use({ serverConfig: { webhooks: { ...defaultConfig.webhooks, allowPrivateAddresses: true, pollMs: 100, firstRetryMs: 300 } } });

test('an admin adds a webhook, sees a failed attempt retried and delivered, and sends it again', async ({ agentPage: page, openCustomer }, testInfo) => {
  const received: Received[] = [];
  // Answers 500 to the first delivery, then 200.
  const receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, raw, type: (JSON.parse(raw) as { type: string }).type });
      response.writeHead(received.length === 1 ? 500 : 200).end(received.length === 1 ? 'try later' : 'thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parley`;
  try {
    const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
    await expect(current).toHaveText(['Queue']);
    await page.getByRole('link', { name: 'Integrations' }).click();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
    // Only the page shown is current (the Queue link used to be marked on every page).
    await expect(current).toHaveText(['Integrations']);
    // This server has no SMTP_URL: the page says customers are not emailed.
    await expect(page.getByTestId('email-state')).toContainText('Off:');
    const form = page.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('URL').fill(url);
    for (const label of ['A query is assigned', 'A query is resolved', 'A query is reopened', 'A message is sent', 'A customer rates']) {
      await form.getByText(label).click();
    }
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await snap(page, testInfo, '1-secret');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('new-secret')).toHaveCount(0);

    const customer = await openCustomer('Wes');
    await customer.openQuery('Hooked?', 'Does my CRM hear about this?');
    // The agent is on another page: the Queue link is badged and a toast offers the new query.
    await expect(page.getByTestId('queue-badge')).toHaveText(', 1 new');
    await expect(page.getByTestId('new-query-toast')).toContainText('New query from Wes: Hooked?');
    await page.getByTestId('new-query-toast').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('new-query-toast')).toHaveCount(0);
    await expect(page.getByTestId('queue-badge')).toHaveText(', 1 new');
    await expect.poll(() => received.length).toBe(2);
    expect(received.map((r) => r.type)).toEqual(['query.created', 'query.created']);
    for (const r of received) expect(verifyWebhookSignature(secret, r.raw, r.headers['parley-signature'] as string)).toBe(true);

    await page.getByRole('button', { name: `Deliveries to ${url}` }).click();
    const deliveries = page.getByTestId('deliveries');
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(deliveries.locator('.status')).toHaveText('succeeded', { timeout: 500 });
    }).toPass();
    await expect(deliveries).toContainText('2 attempts');
    await expect(deliveries).toContainText('HTTP 200');
    await snap(page, testInfo, '2-deliveries');

    await page.getByRole('button', { name: 'Send query.created again' }).click();
    await expect.poll(() => received.length).toBe(3);
    expect(JSON.parse(received[2]!.raw).id).toBe(JSON.parse(received[0]!.raw).id);
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
