/**
 * "Sign out everywhere" from the SDK: the agent's other clients stop for good
 * (their tokens are revoked), while the client that asked reconnects with the
 * fresh token and never reports the session lost, even though the server closes
 * its socket too.
 */
import type { ConnectionStatus } from '../src/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients, connectAgent, connectCustomer } from './support/clients.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server.js';
import { sleep, waitFor } from './support/wait.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(closeClients);
afterAll(async () => {
  await server.close();
});

describe('AgentClient.signOutEverywhere()', () => {
  it('stops the agent’s other clients with auth_failed; the caller keeps working on its fresh token', async () => {
    const url = server.server.url;
    let asked = 0;
    // The answer arrives late, well after the server has closed this client's socket: the reconnect must
    // wait for the fresh token, not retry the revoked one and give up.
    const slowAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/api/auth/sign-out-everywhere')) await sleep(600);
      return response;
    };
    const laptop = await connectAgent(url, { onSessionExpired: async () => (asked++, null), fetch: slowAnswer });
    const phone = await connectAgent(url);
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'lost phone', body: 'hello?' });
    const laptopSide = laptop.conversation(query.id);
    await waitFor(laptopSide.state, (s) => s.joined && s.messages.length === 1);
    const statuses: ConnectionStatus[] = [];
    laptop.status.subscribe((s) => statuses.push(s));
    const before = laptop.token;

    await laptop.signOutEverywhere();

    expect(laptop.token).not.toBe(before);
    expect(laptop.session.getSnapshot().token).toBe(laptop.token);
    await waitFor(phone.status, (s) => s.state === 'offline' && s.reason === 'auth_failed', 10_000, 'the phone to be signed out');
    await waitFor(laptop.status, (s) => s.state === 'online', 10_000, 'the laptop back online');
    await laptopSide.send('still here').done;
    await customer.conversation(query.id).send('thanks').done;
    await waitFor(laptopSide.state, (s) => s.messages.length === 3, 5_000, 'the laptop hears the room');
    expect(statuses.some((s) => s.state === 'offline')).toBe(false);
    expect(asked).toBe(0);
  });
});

describe('AgentClient.updateProfile()', () => {
  it('a new password signs the other clients out; the caller keeps working with its fresh token and new name', async () => {
    const url = server.server.url;
    const slowAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/api/auth/me')) await sleep(600);
      return response;
    };
    let asked = 0;
    const laptop = await connectAgent(url, { onSessionExpired: async () => (asked++, null), fetch: slowAnswer });
    const phone = await connectAgent(url);
    const before = laptop.token;
    const password = ADMIN_PASSWORD;
    const agent = await laptop.updateProfile({ name: 'Renamed Admin', password: 'a-new-password-42', currentPassword: password });
    expect(agent.name).toBe('Renamed Admin');
    expect(laptop.token).not.toBe(before);
    expect(laptop.session.getSnapshot().user.name).toBe('Renamed Admin');
    await waitFor(phone.status, (s) => s.state === 'offline' && s.reason === 'auth_failed', 10_000, 'the phone to be signed out');
    await waitFor(laptop.status, (s) => s.state === 'online', 10_000, 'the laptop back online');
    expect(asked).toBe(0);
    // Put the password back for the other tests of this server.
    await laptop.updateProfile({ name: 'Admin', password, currentPassword: 'a-new-password-42' });
  });
});
