import type { Message, Query } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { type EventDraft, messageEvents, outboxRows, queryChangedEvents } from './webhook-events.js';

const query = (over: Partial<Query> = {}) => ({ id: 'q1', status: 'open', assignee: null, ...over }) as Query;
const message = (internal: boolean) => ({ id: 'm1', internal, createdAt: '2030-01-01T00:00:00.000Z' }) as Message;

describe('webhook events', () => {
  it('an agent change yields assigned (also on transfer), resolved or reopened', () => {
    const ann = { id: 'a1', name: 'Ann' } as Query['assignee'];
    const bob = { id: 'b1', name: 'Bob' } as Query['assignee'];
    const types = (before: Query, after: Query) => queryChangedEvents(before, after, 'now').map((e) => e.type);
    expect(types(query(), query({ assignee: ann }))).toEqual(['query.assigned']);
    expect(queryChangedEvents(query({ assignee: ann }), query({ assignee: bob }), 'now')[0]?.data).toMatchObject({ previousAssigneeId: 'a1' });
    expect(types(query({ assignee: ann }), query())).toEqual([]);
    expect(types(query(), query({ status: 'resolved' }))).toEqual(['query.resolved']);
    expect(types(query({ status: 'resolved' }), query({ status: 'open', assignee: ann }))).toEqual(['query.assigned', 'query.reopened']);
    expect(types(query({ status: 'open' }), query({ status: 'pending' }))).toEqual([]);
  });

  it('a message on a resolved query also reopens it', () => {
    expect(messageEvents(query({ status: 'resolved' }), query(), message(false)).map((e) => e.type)).toEqual(['message.created', 'query.reopened']);
    expect(messageEvents(query(), query(), message(true))).toMatchObject([{ type: 'message.created', internal: true }]);
  });

  it('outbox rows: one event per draft someone wants, one delivery per endpoint that wants it, notes only with includeNotes', () => {
    const drafts: EventDraft[] = [...messageEvents(query(), query(), message(false)), ...messageEvents(query(), query(), message(true))];
    expect(outboxRows(drafts, [])).toEqual({ events: [], deliveries: [] });
    const rows = outboxRows(drafts, [
      { id: 'e1', events: ['message.created'], includeNotes: false },
      { id: 'e2', events: ['message.created'], includeNotes: true },
      { id: 'e3', events: ['query.created'], includeNotes: true },
    ]);
    expect(rows.events).toHaveLength(2);
    expect(rows.deliveries.map((d) => d.endpointId)).toEqual(['e1', 'e2', 'e2']);
    const body = JSON.parse(rows.events[0]!.payload);
    expect(body).toEqual({ id: rows.events[0]!.id, type: 'message.created', createdAt: '2030-01-01T00:00:00.000Z', data: { query: query(), message: message(false) } });
  });
});
