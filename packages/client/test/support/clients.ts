/** Signed-in SDK clients for the integration tests, with a fast reconnection schedule. */
import { AgentClient, CustomerClient, signInAgent, signInVisitor, type ClientOptions, type KeyValueStorage } from '../../src/index.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { waitFor } from './wait.js';

/** Tests flap links dozens of times: retry within tens of ms, not seconds. */
export const FAST_BACKOFF = { baseMs: 50, capMs: 400 };

type AnyClient = CustomerClient | AgentClient;

const open: AnyClient[] = [];

export async function connectAgent(url: string, options: Partial<ClientOptions> & { socketUrl?: string } = {}): Promise<AgentClient> {
  const session = await signInAgent(url, ADMIN_EMAIL, ADMIN_PASSWORD);
  return connected(new AgentClient({ baseUrl: options.socketUrl ?? url, session, backoff: FAST_BACKOFF, ...options }));
}

export async function connectCustomer(
  url: string,
  options: Partial<ClientOptions> & { name?: string; storage?: KeyValueStorage } = {},
): Promise<CustomerClient> {
  const session = await signInVisitor(url, { name: options.name ?? 'Ada' });
  return connected(new CustomerClient({ baseUrl: url, session, backoff: FAST_BACKOFF, ...options }));
}

export async function connected<C extends AnyClient>(client: C): Promise<C> {
  open.push(client);
  client.connect();
  await waitFor(client.status, (s) => s.state === 'online', 10_000, 'online');
  return client;
}

/** Closes every client a test opened (afterEach). */
export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

export function track<C extends AnyClient>(client: C): C {
  open.push(client);
  return client;
}
