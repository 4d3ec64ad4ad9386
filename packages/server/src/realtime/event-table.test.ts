import type { AckCallback, AckResultOf, AdminClientToServerEvents, ChatClientToServerEvents, PayloadOf, Query } from '@parley/protocol';
import { queryRefSchema, typingSchema } from '@parley/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import { eventTable, type EventTable } from './event-table.js';

// These are compile-time checks (`npm test` runs tsc first): each @ts-expect-error
// fails the build if the mistake below it ever stops being a type error.
const query = {} as Query;

describe('event tables typed by the protocol', () => {
  it('derive payload and ack result from the protocol event maps', () => {
    expectTypeOf<PayloadOf<ChatClientToServerEvents['query:leave']>>().toEqualTypeOf<{ queryId: string }>();
    expectTypeOf<AckResultOf<AdminClientToServerEvents['query:resolve']>>().toEqualTypeOf<{ query: Query }>();
    expectTypeOf<AckResultOf<ChatClientToServerEvents['typing']>>().toEqualTypeOf<{}>();
  });

  it('refuse a handler whose result is not the ack’s shape', () => {
    const ok: EventTable<Pick<AdminClientToServerEvents, 'query:resolve'>> = {
      'query:resolve': { schema: queryRefSchema, handler: async () => ({ query }) },
    };
    const wrong: EventTable<Pick<AdminClientToServerEvents, 'query:resolve'>> = {
      // @ts-expect-error the ack carries { query }, not { updated }
      'query:resolve': { schema: queryRefSchema, handler: async () => ({ updated: query }) },
    };
    const bare: EventTable<Pick<ChatClientToServerEvents, 'query:leave'>> = {
      // @ts-expect-error a bare acknowledgement returns nothing
      'query:leave': { schema: queryRefSchema, handler: async () => ({ left: true }) },
    };
    expectTypeOf(ok).not.toBeNever();
    expectTypeOf([wrong, bare]).not.toBeNever();
  });

  it('require ackOptional exactly where the protocol’s ack is optional', () => {
    const missing: EventTable<Pick<ChatClientToServerEvents, 'typing'>> = {
      // @ts-expect-error typing's ack is optional in the protocol
      typing: { schema: typingSchema, handler: async () => {} },
    };
    const wrong: EventTable<Pick<ChatClientToServerEvents, 'query:leave'>> = {
      // @ts-expect-error query:leave's ack is required
      'query:leave': { schema: queryRefSchema, ackOptional: true, handler: async () => {} },
    };
    expectTypeOf([missing, wrong]).not.toBeNever();
  });

  it('refuse a table with a missing or an extra event', () => {
    interface Two {
      'query:leave': (payload: { queryId: string }, ack: AckCallback) => void;
      'query:other': (payload: { queryId: string }, ack: AckCallback) => void;
    }
    const leave = { 'query:leave': { schema: queryRefSchema, handler: async () => {} } } satisfies EventTable<Pick<Two, 'query:leave'>>;
    const other = { 'query:other': { schema: queryRefSchema, handler: async () => {} } } satisfies EventTable<Pick<Two, 'query:other'>>;
    const extra = { 'query:extra': { schema: queryRefSchema, handler: async () => {} } };

    eventTable<Two>()({ ...leave, ...other });
    // @ts-expect-error query:other is missing
    eventTable<Two>()({ ...leave });
    // @ts-expect-error query:extra is not in the map
    eventTable<Two>()({ ...leave, ...other, ...extra });
  });
});
