import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '@parley/protocol';
import { timelineEventText } from './timeline-event-text';

const event = (over: Partial<TimelineEvent>): TimelineEvent => ({
  id: 'e', queryId: 'q', type: 'assigned', actor: null, assignee: { id: 'm', name: 'Maria' }, previousAssignee: null, createdAt: '2026-01-01T10:00:00Z', ...over,
});

describe('timeline events in the customer app', () => {
  it('say who joined, who resolved, and who reopened — "you" for the customer', () => {
    expect(timelineEventText(event({}), 'c1')).toBe('Maria joined the conversation');
    expect(timelineEventText(event({ type: 'resolved', assignee: null, actor: { id: 'm', role: 'agent', name: 'Maria' } }), 'c1')).toBe('Resolved by Maria');
    expect(timelineEventText(event({ type: 'reopened', assignee: null, actor: { id: 'c1', role: 'customer', name: 'Cleo' } }), 'c1')).toBe('You reopened the conversation');
  });
});
