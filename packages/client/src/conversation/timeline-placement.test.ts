import type { TimelineEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { placeTimeline } from './timeline-placement.js';

const at = (m: number) => `2026-01-01T10:0${m}:00Z`;
const event = (id: string, minute: number): TimelineEvent => ({
  id, queryId: 'q', type: 'resolved', actor: null, assignee: null, previousAssignee: null, createdAt: at(minute),
});

describe('placeTimeline', () => {
  const messages = [
    { key: 'm1', createdAt: at(2), seq: 1 },
    { key: 'm2', createdAt: at(4), seq: 2 },
  ];

  it('puts each event before the first message not older than it, and the rest after the last', () => {
    const placed = placeTimeline(messages, [event('a', 1), event('b', 3), event('c', 4), event('d', 5)]);
    expect([...placed.before].map(([k, v]) => [k, v.map((e) => e.id)])).toEqual([
      ['m1', ['a']],
      ['m2', ['b', 'c']],
    ]);
    expect(placed.trailing.map((e) => e.id)).toEqual(['d']);
  });

  it('puts every event before a message still in the outbox, and leaves out those older than the history shown', () => {
    const placed = placeTimeline([...messages, { key: 'p', createdAt: at(1), seq: null }], [event('a', 1), event('d', 5)], at(2));
    expect([...placed.before].map(([k, v]) => [k, v.map((e) => e.id)])).toEqual([['p', ['d']]]);
    expect(placed.trailing).toEqual([]);
  });
});
