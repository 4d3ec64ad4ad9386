/**
 * Scenario 4 — reconnect storm (Parley only: the baselines have no resume).
 * `clients` customers using @parley/client, each with its own query, each
 * having sent `messagesBefore` acked messages. Then the server is stopped with
 * SIGTERM (graceful shutdown), each client sends `messagesDuring` more while it
 * is down (they wait in the SDK's outbox), and the server is started again on
 * the same port and DATA_DIR. We measure how long until every client is online,
 * re-joined and has every outbox message acked, the server's peak CPU, and —
 * against the server's REST history — that every acked message is stored
 * exactly once.
 */
import { CustomerClient, signInVisitor, type Conversation } from '@parley/client';
import { mapLimit, waitUntil } from '../load/concurrency.ts';
import { LatencyRecorder } from '../metrics/latency-histogram.ts';
import { CpuSampler } from '../metrics/proc-stats.ts';
import { ParleyTarget } from '../targets/parley-target.ts';
import { metric, type Scenario } from './scenario.ts';

interface StormClient {
  client: CustomerClient;
  conversation: Conversation;
  queryId: string;
  /** clientIds of messages the SDK reported stored (send().done resolved). */
  acked: string[];
  /** Sends not settled yet. */
  outstanding: number;
  failed: number;
  /** When this client was first seen resumed after the restart (performance.now()). */
  resumedAt?: number;
}

function sendTracked(c: StormClient, body: string): Promise<void> {
  c.outstanding++;
  const { message, done } = c.conversation.send(body);
  return done.then(
    () => {
      c.acked.push(message.clientId);
      c.outstanding--;
    },
    () => {
      c.failed++;
      c.outstanding--;
    },
  );
}

function resumed(c: StormClient): boolean {
  return c.client.status.getSnapshot().state === 'online' && c.conversation.state.getSnapshot().joined && c.outstanding === 0;
}

export const reconnectStormScenario: Scenario = {
  id: 4,
  name: 'reconnect-storm',
  title: 'Reconnect storm',
  description: 'server restarted under clients using @parley/client: time until all resumed, messages lost',
  targets: ['parley', 'parley-event-loop'],
  async run({ target, sizes, log }) {
    if (!(target instanceof ParleyTarget)) throw new Error('the reconnect storm needs Parley');
    const { clients: count, messagesBefore, messagesDuring, timeoutSeconds } = sizes.reconnect;
    const clients = await mapLimit(Array.from({ length: count }), sizes.setupConcurrency, async (_, i): Promise<StormClient> => {
      const session = await signInVisitor(target.url, { name: `Storm visitor ${i}` });
      const client = new CustomerClient({ baseUrl: target.url, session });
      client.connect();
      const query = await client.createQuery({ subject: `Storm query ${i}`, body: 'Hello before the storm.' });
      const conversation = client.conversation(query.id);
      const c: StormClient = { client, conversation, queryId: query.id, acked: [], outstanding: 0, failed: 0 };
      if (!(await waitUntil(() => conversation.state.getSnapshot().joined, 30_000))) throw new Error(`client ${i} never joined`);
      return c;
    });
    log(`${count} SDK clients online and joined; sending ${messagesBefore} each`);
    await Promise.all(clients.flatMap((c) => Array.from({ length: messagesBefore }, (_, k) => sendTracked(c, `before ${k}`))));

    const sampler = new CpuSampler(target.pid, 100);
    await sampler.start();
    const stopAt = performance.now();
    const exitCode = await target.stopServer();
    const downAt = performance.now();
    // While the server is down: these wait in each client's outbox.
    const during = clients.flatMap((c) => Array.from({ length: messagesDuring }, (_, k) => sendTracked(c, `during ${k}`)));
    await target.startServer();
    const upAt = performance.now();
    await sampler.retarget(target.pid);
    log(`server stopped (exit ${exitCode}) in ${((downAt - stopAt) / 1000).toFixed(1)}s, back after ${((upAt - stopAt) / 1000).toFixed(1)}s; waiting for clients`);
    const allBack = await waitUntil(() => {
      const now = performance.now();
      for (const c of clients) if (c.resumedAt === undefined && resumed(c)) c.resumedAt = now;
      return clients.every((c) => c.resumedAt !== undefined);
    }, timeoutSeconds * 1000, 100);
    const resumedAt = performance.now();
    const cpu = await sampler.stop();
    await Promise.race([Promise.all(during), waitUntil(() => false, 1000)]);
    const notResumed = clients.filter((c) => c.resumedAt === undefined).length;
    const resumeTimes = new LatencyRecorder();
    for (const c of clients) if (c.resumedAt !== undefined) resumeTimes.record((c.resumedAt - upAt) / 1000);

    // The server's word, not the client's: every acked clientId stored exactly once.
    let stored = 0;
    let missing = 0;
    let duplicates = 0;
    await mapLimit(clients, sizes.setupConcurrency, async (c) => {
      const history = await target.history(c.queryId);
      const seen = new Map<string, number>();
      for (const m of history) seen.set(m.clientId, (seen.get(m.clientId) ?? 0) + 1);
      for (const clientId of c.acked) {
        const times = seen.get(clientId) ?? 0;
        if (times === 0) missing++;
        else stored++;
        if (times > 1) duplicates++;
      }
    });
    await Promise.all(clients.map((c) => c.client.close()));
    const sent = count * (messagesBefore + messagesDuring);
    const acked = clients.reduce((n, c) => n + c.acked.length, 0);
    const failed = clients.reduce((n, c) => n + c.failed, 0);
    return {
      target: target.name,
      metrics: [
        metric('resumeSeconds', 'all resumed after server up', 's', allBack ? (resumedAt - upAt) / 1000 : Number.NaN, 'lower'),
        metric('resumeP50', 'half the clients resumed after server up', 's', resumeTimes.quantile(0.5), 'lower'),
        metric('outageSeconds', 'SIGTERM → all resumed', 's', allBack ? (resumedAt - stopAt) / 1000 : Number.NaN, 'lower'),
        metric('restartSeconds', 'SIGTERM → server ready again', 's', (upAt - stopAt) / 1000, 'lower'),
        metric('peakCores', 'server peak CPU', 'cores', cpu.peakCores, 'lower'),
        metric('lost', 'messages lost', 'msgs', missing + (sent - acked), 'lower'),
        metric('duplicates', 'messages stored twice', 'msgs', duplicates, 'lower'),
      ],
      checks: { sent, acked, expected: sent, delivered: stored - duplicates, lost: missing + (sent - acked), errors: failed + notResumed },
      notes: [`${count} clients, ${messagesBefore} message(s) before and ${messagesDuring} while the server was down; graceful stop exit code ${exitCode}`],
    };
  },
};
