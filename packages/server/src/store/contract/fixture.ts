/**
 * What every part of the store contract suite starts from: a fresh store from
 * the factory with one customer, one agent and one open query, and helpers to
 * make messages for it.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { UserRef } from '@parley/protocol';
import { afterEach, beforeEach } from 'vitest';
import type { AttachmentRecord } from '../../attachments/attachment-store.js';
import type { GroupCommitOptions } from '../group-commit.js';
import type { NewMessage, Store } from '../store.js';

export interface StoreFactory {
  /** A fresh, empty store (its own database). `commit` selects grouping for the grouping tests. */
  create(commit?: Partial<GroupCommitOptions>): Promise<Store>;
  /** A second store object on the same database as `store`, as another node opens it. */
  sibling(store: Store): Promise<Store>;
  /** Closes the store and removes its database (close its siblings first). */
  destroy(store: Store): Promise<void>;
}

export interface StoreFixture {
  store: Store;
  customer: UserRef;
  agent: UserRef;
  queryId: string;
  msg(author: UserRef, over?: Partial<NewMessage>): NewMessage;
  /** Uploads `bytes` as `author`'s attachment to the query. */
  upload(author: UserRef, bytes: Buffer, over?: { queryId?: string; createdAt?: string; name?: string }): Promise<AttachmentRecord>;
}

/** Registers beforeEach/afterEach making a fresh fixture; read it inside tests. */
export function useStoreFixture(factory: StoreFactory): StoreFixture {
  const fixture = {} as StoreFixture;
  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  const at = () => new Date((clock += 1000)).toISOString();
  beforeEach(async () => {
    const store = await factory.create();
    const c = await store.createCustomer({ id: randomUUID(), name: 'Cleo', email: null, externalId: null, resumeKeyHash: null, createdAt: at() });
    const a = await store.createAgent({
      id: randomUUID(), email: `a${randomUUID()}@x.test`, name: 'Ann', role: 'agent', passwordHash: 'x', createdAt: at(),
    });
    const customer: UserRef = { id: c.id, role: 'customer', name: c.name };
    const agent: UserRef = { id: a.id, role: 'agent', name: a.name };
    const queryId = randomUUID();
    await store.createQuery({
      id: queryId, subject: 'S', customerId: customer.id, createdAt: at(),
      firstMessage: { id: randomUUID(), clientId: randomUUID(), author: customer, body: 'first' },
    });
    Object.assign(fixture, {
      store, customer, agent, queryId,
      msg: (author: UserRef, over: Partial<NewMessage> = {}): NewMessage => ({
        id: randomUUID(), queryId, clientId: randomUUID(), author, body: `${author.name} says ${'x'.repeat(200)}`, internal: false,
        createdAt: at(), ...over,
      }),
      upload: async (author: UserRef, bytes: Buffer, over: { queryId?: string; createdAt?: string; name?: string } = {}) => {
        const received = await store.attachments.receive(Readable.from([bytes]));
        return store.attachments.create({
          id: randomUUID(), queryId: over.queryId ?? queryId, uploaderId: author.id, name: over.name ?? 'receipt.png',
          contentType: 'image/png', size: bytes.length, createdAt: over.createdAt ?? at(),
        }, received);
      },
    } satisfies StoreFixture);
  });
  afterEach(async () => factory.destroy(fixture.store));
  return fixture;
}

/** Reads a whole stream into one Buffer (tests only: attachments are never read whole by the server). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
