/** Signed-in SDK clients for the integration tests, with a fast reconnection schedule. */
import { ParleyClient, signInAgent, signInVisitor, type KeyValueStorage, type ParleyClientOptions } from '../../src/index.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { waitFor } from './wait.js';

/** Tests flap links dozens of times: retry within tens of ms, not seconds. */
export const FAST_BACKOFF = { baseMs: 50, capMs: 400 };

const open: ParleyClient[] = [];

export async function connectAgent(
  url: string,
  options: Partial<ParleyClientOptions> & { socketUrl?: string } = {},
): Promise<ParleyClient> {
  const session = await signInAgent(url, ADMIN_EMAIL, ADMIN_PASSWORD);
  return connected(new ParleyClient({ baseUrl: options.socketUrl ?? url, kind: 'agent', session, backoff: FAST_BACKOFF, ...options }));
}

export async function connectCustomer(
  url: string,
  options: Partial<ParleyClientOptions> & { name?: string; storage?: KeyValueStorage } = {},
): Promise<ParleyClient> {
  const session = await signInVisitor(url, { name: options.name ?? 'Ada' });
  return connected(new ParleyClient({ baseUrl: url, kind: 'customer', session, backoff: FAST_BACKOFF, ...options }));
}

export async function connected(client: ParleyClient): Promise<ParleyClient> {
  open.push(client);
  client.connect();
  await waitFor(client.status, (s) => s.state === 'online', 10_000, 'online');
  return client;
}

/** Closes every client a test opened (afterEach). */
export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

export function track(client: ParleyClient): ParleyClient {
  open.push(client);
  return client;
}
