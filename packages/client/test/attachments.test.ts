/** fetchAttachment against the real server: the Bearer token gets the bytes; strangers are refused. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type CustomerClient } from '../src/index.js';
import { closeClients, connectAgent, connectCustomer } from './support/clients.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.server.url;
});
afterEach(closeClients);
afterAll(() => server.close());

/** A 1×1 PNG: the server sniffs the type from these bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(client: CustomerClient, queryId: string) {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'dot.png');
  const response = await fetch(`${url}/api/queries/${queryId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { attachment: { id: string; url: string; name: string } }).attachment;
}

describe('fetchAttachment', () => {
  it('an agent gets the bytes of a customer upload with the SDK token; another customer is refused', async () => {
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'photo', body: 'see the picture' });
    const attachment = await upload(customer, query.id);
    const agent = await connectAgent(url);
    const blob = await agent.fetchAttachment(attachment);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(PNG);

    const stranger = await connectCustomer(url, { name: 'Eve' });
    const refused = await stranger.fetchAttachment(attachment).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyError);
    expect((refused as ParleyError).code).toBe('forbidden');
  });
});
