/**
 * The thin Engine.IO client must see exactly what socket.io-client sees: the
 * same join acks, the same send acks, the same `message:new` events, the same
 * handshake refusals — against the real Parley server and the Socket.IO
 * baseline. Only then are its numbers for 20,000 connections worth reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { ConnectError, type BenchConnection } from '../src/load/connection.ts';
import { connectEio } from '../src/load/eio-client.ts';
import { connectSio } from '../src/load/sio-connection.ts';
import { BaselineTarget } from '../src/targets/baseline-target.ts';
import { ClusterTarget } from '../src/targets/cluster-target.ts';
import { ParleyTarget } from '../src/targets/parley-target.ts';
import type { Target } from '../src/targets/target.ts';

type Connect = (options: { url: string; namespace: string; auth?: Record<string, unknown> }) => Promise<BenchConnection>;
const clients: Array<[string, Connect]> = [['thin client', connectEio], ['socket.io-client', connectSio]];

/** Resolves with the next payload of `event` on `connection`. */
function next(connection: BenchConnection, event: string): Promise<unknown> {
  return new Promise((resolve) => connection.on(event, resolve));
}

/** The ack as it crossed the wire (drops undefined fields the same way for both clients). */
function comparable(ack: unknown): unknown {
  return JSON.parse(JSON.stringify(ack));
}

async function exchangeBothWays(target: Target, auth: (role: 'customer' | 'agent') => Record<string, unknown> | undefined, queryId: string) {
  const [customerThin, customerSio, agentThin, agentSio] = await Promise.all([
    connectEio({ url: target.url, namespace: '/chat', auth: auth('customer')! }),
    connectSio({ url: target.url, namespace: '/chat', auth: auth('customer')! }),
    connectEio({ url: target.url, namespace: '/admin', auth: auth('agent')! }),
    connectSio({ url: target.url, namespace: '/admin', auth: auth('agent')! }),
  ]);
  const joins = await Promise.all([customerThin, customerSio, agentThin, agentSio].map((c) => c.request('query:join', { queryId })));
  // Each side's two clients got the same join answer.
  expect(comparable(joins[0])).toEqual(comparable(joins[1]));
  expect(comparable(joins[2])).toEqual(comparable(joins[3]));
  expect((joins[0] as { ok: boolean }).ok).toBe(true);

  const results = [];
  for (const [sender, others] of [[customerThin, [customerSio, agentThin, agentSio]], [customerSio, [customerThin, agentThin, agentSio]]] as const) {
    const received = Promise.all(others.map((c) => next(c, 'message:new')));
    const ack = (await sender.request('message:send', { queryId, clientId: randomUUID(), body: 'same for every client' })) as { ok: boolean; message: unknown };
    expect(ack.ok).toBe(true);
    // Every other client, thin or not, got the very message the sender's ack carries.
    expect(await received).toEqual(others.map(() => ({ message: ack.message })));
    results.push(ack.message as { seq: number });
  }
  expect(results[1]!.seq).toBe(results[0]!.seq + 1);
  for (const c of [customerThin, customerSio, agentThin, agentSio]) c.close();
}

describe('thin Engine.IO client against Parley', () => {
  let parley: ParleyTarget;
  let queryId: string;
  let customerToken: string;

  beforeAll(async () => {
    parley = await ParleyTarget.start({ client: 'thin' });
    [{ queryId, customerToken }] = (await parley.createConversations(1)) as [{ queryId: string; customerToken: string }];
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('gets the same join acks, send acks and message:new events as socket.io-client', async () => {
    await exchangeBothWays(parley, (role) => ({ token: role === 'agent' ? parley.adminToken : customerToken, protocol: PROTOCOL_VERSION }), queryId);
  });

  it('is refused at the handshake with the same error data as socket.io-client', async () => {
    const refusals = await Promise.all(
      clients.map(async ([, connect]) => {
        const error = await connect({ url: parley.url, namespace: '/chat', auth: { token: 'not-a-jwt', protocol: PROTOCOL_VERSION } }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ConnectError);
        return (error as ConnectError).data;
      }),
    );
    expect(refusals[0]).toMatchObject({ code: expect.any(String) });
    expect(refusals[0]).toEqual(refusals[1]);
  });

  it('gets the same ack for an acked request the server refuses', async () => {
    const acks = await Promise.all(
      clients.map(async ([, connect]) => {
        const c = await connect({ url: parley.url, namespace: '/chat', auth: { token: customerToken, protocol: PROTOCOL_VERSION } });
        const ack = await c.request('message:send', { queryId, clientId: 'not-a-uuid', body: 'x' });
        c.close();
        return ack;
      }),
    );
    expect(acks[0]).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(acks[0]).toEqual(acks[1]);
  });
});

describe('thin Engine.IO client through HAProxy (wss://) to a three-node Parley cluster', () => {
  let cluster: ClusterTarget;
  let queryId: string;
  let customerToken: string;

  beforeAll(async () => {
    cluster = await ClusterTarget.start({ client: 'thin', nodes: 3 });
    [{ queryId, customerToken }] = (await cluster.createConversations(1)) as [{ queryId: string; customerToken: string }];
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('gets the same join acks, send acks and message:new events as socket.io-client, whichever node each lands on', async () => {
    expect(cluster.url.startsWith('https://')).toBe(true);
    await exchangeBothWays(cluster, (role) => ({ token: role === 'agent' ? cluster.adminToken : customerToken, protocol: PROTOCOL_VERSION }), queryId);
  });
});

describe('thin Engine.IO client against the bare Socket.IO baseline', () => {
  let baseline: BaselineTarget;
  beforeAll(async () => {
    baseline = await BaselineTarget.start('socketio', { client: 'thin' });
  });
  afterAll(async () => {
    await baseline?.stop();
  });

  it('gets the same join acks, send acks and message:new events as socket.io-client', async () => {
    await exchangeBothWays(baseline, () => undefined, randomUUID());
  });
});

describe('thin Engine.IO client heartbeat', () => {
  it('answers the server pings, so the server keeps an idle connection open', async () => {
    const { createServer } = await import('node:http');
    const { Server } = await import('socket.io');
    const httpServer = createServer();
    // Far shorter than the default 25 s: a client that ignored pings would be dropped after ~100 ms.
    const io = new Server(httpServer, { pingInterval: 50, pingTimeout: 50 });
    io.on('connection', (socket) => socket.on('echo', (payload: unknown, ack: (v: unknown) => void) => ack(payload)));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as { port: number };
    const connection = await connectEio({ url: `http://127.0.0.1:${port}`, namespace: '/' });
    let dropped = false;
    connection.onClose(() => (dropped = true));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(dropped).toBe(false);
    expect(await connection.request('echo', { still: 'here' })).toEqual({ still: 'here' });
    connection.close();
    await io.close();
  });
});
