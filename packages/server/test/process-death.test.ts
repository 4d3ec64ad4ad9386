/**
 * The headline promise under the worst failure: the server process is killed
 * (SIGKILL — no shutdown, no flush) while several clients send. After a
 * restart on the same DATA_DIR every acknowledged message is stored exactly
 * once, with the seq its ack carried, and each stream is gapless. Sends that
 * were never acked are retried with the same clientId and stored once.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { api } from './support/http.js';
import { spawnServer, type ServerProcess } from './support/process.js';
import { JWT_SECRET, tempDataDir } from './support/server.js';
import { call, connectAs, until, type AnySocket } from './support/sockets.js';

const env = (dataDir: string) => ({
  DATA_DIR: dataDir,
  JWT_SECRET,
  ADMIN_EMAIL: 'boss@example.test',
  ADMIN_PASSWORD: 'boss-password-1',
  RATE_LIMIT_MESSAGES: '0',
  HANDSHAKE_RATE_LIMIT: '0',
  REST_RATE_LIMIT: '0',
  AUTH_RATE_LIMIT: '0',
});

interface Attempt {
  queryId: string;
  clientId: string;
  body: string;
  token: string;
  namespace: '/chat' | '/admin';
  acked?: Message;
}

async function allMessages(url: string, token: string, queryId: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const res = await api(url, 'GET', `/api/queries/${queryId}/messages?after=${all.at(-1)?.seq ?? 0}&limit=500`, { token });
    expect(res.status).toBe(200);
    all.push(...res.body.messages);
    if (res.body.messages.length < 500) return all;
  }
}

describe('process death', () => {
  const processes: ServerProcess[] = [];
  const sockets: AnySocket[] = [];
  let dataDir: string | undefined;
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
    for (const p of processes.splice(0)) p.child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL while clients send: after a restart every acked message is stored exactly once, seq gapless', async () => {
    dataDir = tempDataDir();
    const first = await spawnServer(env(dataDir));
    processes.push(first);
    const admin = (await api(first.url, 'POST', '/api/auth/login', { body: { email: 'boss@example.test', password: 'boss-password-1' } })).body;
    const customers = await Promise.all([0, 1].map(async () => (await api(first.url, 'POST', '/api/auth/visitor', { body: {} })).body));
    const queries: string[] = [];
    for (const c of customers) {
      const res = await api(first.url, 'POST', '/api/queries', { token: c.token, body: { subject: 'Crash', body: 'opening' } });
      queries.push(res.body.query.id);
    }

    // Four senders (two customers, the admin twice), each keeping several sends in flight.
    const senders = [
      { token: customers[0].token, namespace: '/chat' as const, queryId: queries[0]! },
      { token: customers[1].token, namespace: '/chat' as const, queryId: queries[1]! },
      { token: admin.token, namespace: '/admin' as const, queryId: queries[0]! },
      { token: admin.token, namespace: '/admin' as const, queryId: queries[1]! },
    ];
    const attempts: Attempt[] = [];
    let stop = false;
    const loops = await Promise.all(
      senders.map(async (sender, s) => {
        const socket = await connectAs(first.url, sender.namespace, sender.token);
        sockets.push(socket);
        const worker = async (w: number) => {
          for (let i = 0; !stop; i++) {
            const attempt: Attempt = { ...sender, clientId: randomUUID(), body: `s${s} w${w} #${i}` };
            attempts.push(attempt);
            try {
              const ack = await call(socket, 'message:send', { queryId: attempt.queryId, clientId: attempt.clientId, body: attempt.body });
              if (ack.ok) attempt.acked = ack.message;
              else return; // refused (e.g. unavailable): stop this worker
            } catch {
              return; // the connection died with the process
            }
          }
        };
        return () => Promise.all([0, 1, 2, 3].map(worker));
      }),
    );
    const running = Promise.all(loops.map((run) => run()));
    await until(() => attempts.filter((a) => a.acked).length >= 300, 20_000, '300 acks');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    stop = true;
    await running;
    for (const s of sockets.splice(0)) s.close();

    const acked = attempts.filter((a) => a.acked);
    const unacked = attempts.filter((a) => !a.acked);
    expect(acked.length).toBeGreaterThanOrEqual(300);

    const second = await spawnServer(env(dataDir));
    processes.push(second);
    const check = async () => {
      for (const queryId of queries) {
        const stored = await allMessages(second.url, admin.token, queryId);
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
        const byClientId = new Map<string, Message>();
        for (const m of stored) {
          expect(byClientId.has(m.clientId), `clientId ${m.clientId} stored twice`).toBe(false);
          byClientId.set(m.clientId, m);
        }
        for (const a of acked.filter((x) => x.queryId === queryId)) {
          const m = byClientId.get(a.clientId);
          expect(m, `acked message "${a.body}" is missing`).toBeDefined();
          expect({ id: m!.id, seq: m!.seq, body: m!.body }).toEqual({ id: a.acked!.id, seq: a.acked!.seq, body: a.body });
        }
      }
    };
    await check();

    // Unacked sends are retried with their clientId: each is stored once (again, if it had been committed unacked).
    const retrySockets = new Map<string, AnySocket>();
    for (const a of unacked) {
      const key = `${a.namespace} ${a.token}`;
      if (!retrySockets.has(key)) {
        const socket = await connectAs(second.url, a.namespace, a.token);
        sockets.push(socket);
        retrySockets.set(key, socket);
      }
      const ack = await call(retrySockets.get(key)!, 'message:send', { queryId: a.queryId, clientId: a.clientId, body: a.body });
      expect(ack.ok).toBe(true);
      a.acked = ack.message;
    }
    await check();
    const total = (await Promise.all(queries.map((q) => allMessages(second.url, admin.token, q)))).flat().length;
    expect(total).toBe(attempts.length + queries.length);
  }, 60_000);
});
