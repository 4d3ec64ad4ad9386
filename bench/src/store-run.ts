/**
 * `npm run bench:store --workspace bench -- [--batch=220] [--queries=400] [--batches=400] [--client-ids=v7|v4]`:
 * the embedded store alone, no sockets: `SqliteStore.commitAppends` called with batches of that many messages
 * spread over that many conversations, as a group commit hands them over in scenario 1 (docs/performance.md,
 * "The idempotency index"). Prints the process's CPU (user, system) and wall time per message, and the commit
 * latency distribution: p50, p99, max and how many commits took over 4 ms (with `--batch=2 --queries=2000`,
 * scenario 2's small commits, those are the WAL checkpoints). `--client-ids=v4` sends random clientIds, as a
 * client that does not make UUIDv7s would.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newClientId } from '@parley/client';
import type { UserRef } from '@parley/protocol';
import type { NewMessage } from '../../packages/server/dist/store/store.js';
import { newMessageId } from '../../packages/server/dist/messages/message-id.js';
import { SqliteStore } from '../../packages/server/dist/store/sqlite/sqlite-store.js';
import { LatencyRecorder } from './metrics/latency-histogram.ts';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '220' },
    queries: { type: 'string', default: '400' },
    batches: { type: 'string', default: '400' },
    'client-ids': { type: 'string', default: 'v7' },
  },
});
const batch = Number(values.batch);
const queryCount = Number(values.queries);
const batches = Number(values.batches);
const clientId = values['client-ids'] === 'v4' ? () => randomUUID() : () => newClientId();

const dataDir = mkdtempSync(join(tmpdir(), 'parley-store-bench-'));
const store = new SqliteStore({ dataDir, commit: { mode: 'single', maxBatch: 1, delayMs: 0 } });
const conversations: { queryId: string; author: UserRef }[] = [];
for (let i = 0; i < queryCount; i++) {
  const createdAt = new Date().toISOString();
  const customer = await store.createCustomer({ id: randomUUID(), name: `Customer ${i}`, email: null, externalId: null, resumeKeyHash: null, createdAt });
  const author: UserRef = { id: customer.id, role: 'customer', name: customer.name };
  const { query } = await store.createQuery({
    id: randomUUID(), subject: 'Bench', customerId: customer.id, createdAt, firstMessage: { id: newMessageId(), clientId: clientId(), author, body: 'hello' },
  });
  conversations.push({ queryId: query.id, author });
}

let next = 0;
const message = (): NewMessage => {
  const { queryId, author } = conversations[next++ % conversations.length]!;
  return { id: newMessageId(), queryId, clientId: clientId(), author, body: 'a message of an ordinary length, about sixty characters long', internal: false, createdAt: new Date().toISOString() };
};
const commit = () => {
  const outcomes = store.commitAppends(Array.from({ length: batch }, message));
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw failed.error;
};

for (let i = 0; i < Math.min(50, batches); i++) commit();
const latencies = new LatencyRecorder();
let slow = 0;
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < batches; i++) {
  const t = performance.now();
  commit();
  const took = performance.now() - t;
  latencies.record(took);
  if (took > 4) slow++;
}
const wall = performance.now() - started;
const used = process.cpuUsage(cpu);
const messages = batch * batches;
const at = (q: number) => latencies.quantile(q).toFixed(2);
console.log(
  `${messages} messages in batches of ${batch} over ${queryCount} conversations, client ids ${values['client-ids']}: ` +
    `CPU ${((used.user + used.system) / messages).toFixed(1)} µs/message (user ${(used.user / messages).toFixed(1)}, system ${(used.system / messages).toFixed(1)}), ` +
    `wall ${((wall * 1000) / messages).toFixed(1)} µs/message; commit p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, ` +
    `${slow} of ${batches} over 4 ms`,
);
await store.close();
rmSync(dataDir, { recursive: true, force: true });
