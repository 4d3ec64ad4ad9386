/**
 * A node killed outright (SIGKILL): its agents are shown offline by the other
 * nodes within the stated time — (MISSED_BEATS + 1) heartbeats — and online
 * again as soon as they reconnect to a surviving node. HAProxy takes the dead
 * node out of rotation.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSED_BEATS } from '../../src/cluster/redis-presence.js';
import { startTestCluster, type LocalCluster } from '../support/cluster.js';
import { createAgent, login } from '../support/http.js';
import { connectAs, next } from '../support/sockets.js';

const HEARTBEAT_MS = 300;

describe('a node killed with SIGKILL', { timeout: 60_000 }, () => {
  let cluster: LocalCluster;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 3, env: { HEARTBEAT_MS: String(HEARTBEAT_MS) } });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
  });

  it('its agents go offline for the other nodes within the stated time, and come back online elsewhere', async () => {
    const [one, two, three] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const admin = await login(one.url);
    const agent = await createAgent(one.url, admin.token, { email: `k-${randomUUID()}@example.test`, name: 'Kai' });
    const watcher = await connectAs(one.url, '/admin', admin.token);
    sockets.push(watcher);
    const online = next<{ agentId: string; status: string }>(watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'online');
    const doomed = await connectAs(two.url, '/admin', agent.token);
    await online;

    const offline = next<{ agentId: string; status: string }>(
      watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'offline', 10_000,
    );
    const killedAt = performance.now();
    await two.kill('SIGKILL');
    await offline;
    // Declared dead after MISSED_BEATS beats, reaped by the next beat of a survivor; a beat of slack for timers.
    expect(performance.now() - killedAt).toBeLessThan((MISSED_BEATS + 2) * HEARTBEAT_MS + 500);
    doomed.close();

    const back = next<{ agentId: string; status: string }>(watcher, 'presence', (e) => e.agentId === agent.agent.id && e.status === 'online');
    sockets.push(await connectAs(three.url, '/admin', agent.token));
    await back;
    await until(async () => (await cluster.haproxy!.serverStates()).get('node2') === 'down', 10_000);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
