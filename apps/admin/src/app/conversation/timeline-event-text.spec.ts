import type { TimelineEvent } from '@parley/protocol';
import { timelineEventText } from './timeline-event-text';

const ann = { id: 'a1', role: 'agent' as const, name: 'Ann' };
const event = (over: Partial<TimelineEvent>): TimelineEvent => ({
  id: 'e', queryId: 'q', type: 'assigned', actor: ann, assignee: null, previousAssignee: null, createdAt: '', ...over,
});

describe('timelineEventText', () => {
  it('says who did what, for each kind of event', () => {
    expect(timelineEventText(event({ assignee: { id: 'a1', name: 'Ann' } }))).toBe('Ann took the query');
    expect(timelineEventText(event({ assignee: { id: 'm1', name: 'Maria' } }))).toBe('Ann assigned it to Maria');
    expect(timelineEventText(event({ assignee: { id: 'm1', name: 'Maria' }, previousAssignee: { id: 'b', name: 'Bob' } }))).toBe(
      'Ann transferred it from Bob to Maria',
    );
    expect(timelineEventText(event({ type: 'unassigned', previousAssignee: { id: 'b', name: 'Bob' } }))).toBe('Ann unassigned it from Bob');
    expect(timelineEventText(event({ type: 'resolved' }))).toBe('Ann resolved the query');
    expect(timelineEventText(event({ type: 'reopened', actor: { id: 'c', role: 'customer', name: 'Cleo' } }))).toBe('Cleo reopened it with a message');
    expect(timelineEventText(event({ type: 'reopened', actor: null }))).toBe('Reopened');
  });
});
