/** Agent administration under concurrency: the team never loses its last active admin. */
import { afterEach, describe, expect, it } from 'vitest';
import { api, createAgent, login } from './support/http.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('agents', () => {
  let server: TestServer;
  afterEach(async () => server?.dispose());

  it('two admins removing each other at the same moment: exactly one succeeds, one active admin remains', async () => {
    server = await startTestServer();
    const first = await login(server.url);
    const second = await createAgent(server.url, first.token, { email: 'second@example.test', name: 'Second', role: 'admin' });
    // A password change in the same PATCH used to put a slow scrypt hash between the check and the update.
    const results = await Promise.all([
      api(server.url, 'PATCH', `/api/agents/${second.agent.id}`, { token: first.token, body: { active: false, password: 'new-password-1' } }),
      api(server.url, 'PATCH', `/api/agents/${first.agent.id}`, { token: second.token, body: { role: 'agent', password: 'new-password-2' } }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    // The other is refused: as the last admin (409), or — if the first change landed before it was even
    // authenticated — because its caller has just been deactivated (401).
    expect(['conflict', 'invalid_token']).toContain(results.find((r) => r.status !== 200)!.body.error.code);
    const survivor = results[0]!.status === 200 ? first : second;
    const list = await api(server.url, 'GET', '/api/agents', { token: survivor.token });
    expect(list.body.agents.filter((a: { role: string; active: boolean }) => a.role === 'admin' && a.active)).toHaveLength(1);
  });
});
