/**
 * The shipped HAProxy configuration caps what one client address holds: past
 * PARLEY_MAX_CONN_PER_SOURCE its next connection is refused before TLS, while
 * other connections (and, once one closes, the same address) are served; past
 * PARLEY_HTTP_REQ_RATE_PER_SOURCE its requests are answered 429 by the proxy.
 */
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type LocalCluster } from '../support/cluster.js';

describe('HAProxy per-source limits', { timeout: 60_000 }, () => {
  let cluster: LocalCluster;
  const sockets: TLSSocket[] = [];
  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 1, perSource: { connections: 3, per10s: 1_000, requestsPer10s: 20 } });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await cluster?.stop();
  });

  /** A TLS connection to the proxy: resolves true once the handshake completes, false when refused. */
  function dial(): Promise<boolean> {
    const { port } = new URL(cluster.url);
    return new Promise((resolve) => {
      const socket = connectTls({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca: cluster.ca });
      sockets.push(socket);
      socket.once('secureConnect', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
  }

  it('refuses a source’s connection past its cap, and serves it again once one closes', async () => {
    expect([await dial(), await dial(), await dial()]).toEqual([true, true, true]);
    expect(await dial()).toBe(false);
    const held = sockets.filter((s) => !s.destroyed);
    held[0]!.destroy();
    let again = false;
    for (let attempt = 0; attempt < 50 && !again; attempt++) again = await dial();
    expect(again).toBe(true);
    for (const s of sockets) s.destroy();
  });

  it('refuses a source’s HTTP requests past its rate with 429, before they reach a node', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${cluster.url}/healthz`)).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
