import { makeChatMessage } from '@parley/angular/testing';
import { mergeTimeline } from './timeline';

describe('mergeTimeline', () => {
  it('interleaves stored messages and notes by time, then the outbox in send order', () => {
    const m1 = makeChatMessage({ seq: 1, body: 'm1', createdAt: '2026-01-01T10:00:00Z' });
    const m2 = makeChatMessage({ seq: 2, body: 'm2', createdAt: '2026-01-01T10:02:00Z' });
    const n1 = makeChatMessage({ seq: 1, body: 'n1', internal: true, createdAt: '2026-01-01T10:01:00Z' });
    const p1 = makeChatMessage({ seq: null, body: 'p1', delivery: 'pending', mine: true, createdAt: '2026-01-01T09:00:00Z' });
    const p2 = makeChatMessage({ seq: null, body: 'p2', internal: true, delivery: 'failed', mine: true, createdAt: '2026-01-01T09:01:00Z' });
    const bodies = mergeTimeline([m1, m2, p1], [n1, p2]).map((m) => m.body);
    expect(bodies).toEqual(['m1', 'n1', 'm2', 'p1', 'p2']);
  });

  it('keeps each stream in seq order even if clocks disagree', () => {
    const m1 = makeChatMessage({ seq: 1, body: 'm1', createdAt: '2026-01-01T10:05:00Z' });
    const m2 = makeChatMessage({ seq: 2, body: 'm2', createdAt: '2026-01-01T10:00:00Z' });
    expect(mergeTimeline([m1, m2], []).map((m) => m.body)).toEqual(['m1', 'm2']);
  });
});
