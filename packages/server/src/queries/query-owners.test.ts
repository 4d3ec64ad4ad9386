import type { Query, UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { DomainEvents } from '../domain/domain-events.js';
import type { Store } from '../store/store.js';
import { QueryOwners } from './query-owners.js';
import { QueryService } from './query-service.js';

/** A store holding queryId → customerId that counts its reads. */
function countingStore(owners: Record<string, string>) {
  const store = {
    reads: 0,
    async getQuery(id: string): Promise<Query | null> {
      store.reads++;
      const customerId = owners[id];
      return customerId === undefined ? null : ({ id, customer: { id: customerId, name: 'C' } } as Query);
    },
  };
  return store;
}

const customer = (id: string): UserRef => ({ id, role: 'customer', name: id });
const agent: UserRef = { id: 'a1', role: 'agent', name: 'Agent' };

describe('QueryOwners', () => {
  it('reads the store on a miss and answers a hit without touching it', async () => {
    const store = countingStore({ q1: 'c1' });
    const owners = new QueryOwners(store);
    expect(await owners.ownerOf('q1')).toBe('c1');
    expect(store.reads).toBe(1);
    expect(await owners.ownerOf('q1')).toBe('c1');
    expect(await owners.ownerOf('q1')).toBe('c1');
    expect(store.reads).toBe(1);
  });

  it('answers a remembered query without any read', async () => {
    const store = countingStore({});
    const owners = new QueryOwners(store);
    owners.remember({ id: 'q9', customer: { id: 'c9', name: 'C' } });
    expect(await owners.ownerOf('q9')).toBe('c9');
    expect(store.reads).toBe(0);
  });

  it('does not remember an unknown query, so one created later is found', async () => {
    const data: Record<string, string> = {};
    const store = countingStore(data);
    const owners = new QueryOwners(store);
    expect(await owners.ownerOf('q1')).toBeNull();
    data.q1 = 'c1';
    expect(await owners.ownerOf('q1')).toBe('c1');
    expect(store.reads).toBe(2);
  });

  it('stays within its bound, evicting the least recently used owner first', async () => {
    const store = countingStore({ q1: 'c1', q2: 'c2', q3: 'c3' });
    const owners = new QueryOwners(store, 2);
    await owners.ownerOf('q1');
    await owners.ownerOf('q2');
    await owners.ownerOf('q1'); // q1 is now the most recent: q2 goes first
    await owners.ownerOf('q3');
    expect(owners.size).toBe(2);
    expect(store.reads).toBe(3);
    await owners.ownerOf('q1');
    expect(store.reads).toBe(3);
    await owners.ownerOf('q2');
    expect(store.reads).toBe(4);
  });
});

describe('QueryService.authorize', () => {
  const service = (store: ReturnType<typeof countingStore>) => new QueryService(store as unknown as Store, new DomainEvents());

  it('lets the owner and agents through, and refuses another customer with forbidden, from the cache', async () => {
    const store = countingStore({ q1: 'c1' });
    const queries = service(store);
    await expect(queries.authorize(customer('c1'), 'q1')).resolves.toBeUndefined();
    await expect(queries.authorize(agent, 'q1')).resolves.toBeUndefined();
    await expect(queries.authorize(customer('c2'), 'q1')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(queries.authorize(customer('c2'), 'q1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.reads).toBe(1);
  });

  it('answers not_found for an unknown query, to agents and customers alike', async () => {
    const queries = service(countingStore({}));
    await expect(queries.authorize(agent, 'nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(queries.authorize(customer('c1'), 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reuses the owner learnt by a full access check', async () => {
    const store = countingStore({ q1: 'c1' });
    const queries = service(store);
    await queries.access(customer('c1'), 'q1');
    await expect(queries.authorize(customer('c2'), 'q1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.reads).toBe(1);
  });
});
