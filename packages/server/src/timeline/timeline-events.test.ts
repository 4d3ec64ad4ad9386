import type { Query, UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { customerTimelineView, timelineEvents } from './timeline-events.js';

const ann: UserRef = { id: 'a1', role: 'agent', name: 'Ann' };
const query = (over: Partial<Query> = {}): Query =>
  ({ id: 'q1', status: 'open', assignee: null, ...over }) as Query;
const AT = '2026-12-06T10:00:00.000Z';

describe('timelineEvents', () => {
  it('an assignment, a transfer and an unassignment each say who had it and who has it', () => {
    const maria = { id: 'm1', name: 'Maria' };
    expect(timelineEvents(query(), query({ assignee: maria }), ann, AT)).toEqual([
      expect.objectContaining({ type: 'assigned', actor: ann, assignee: maria, previousAssignee: null, createdAt: AT, queryId: 'q1' }),
    ]);
    const bob = { id: 'b1', name: 'Bob' };
    expect(timelineEvents(query({ assignee: bob }), query({ assignee: maria }), ann, AT)).toEqual([
      expect.objectContaining({ type: 'assigned', assignee: maria, previousAssignee: bob }),
    ]);
    expect(timelineEvents(query({ assignee: bob }), query(), ann, AT)).toEqual([
      expect.objectContaining({ type: 'unassigned', assignee: null, previousAssignee: bob }),
    ]);
  });

  it('resolving and reopening are events; open ↔ pending and unchanged queries are not', () => {
    expect(timelineEvents(query(), query({ status: 'resolved' }), ann, AT).map((e) => e.type)).toEqual(['resolved']);
    expect(timelineEvents(query({ status: 'resolved' }), query({ status: 'pending' }), ann, AT).map((e) => e.type)).toEqual(['reopened']);
    expect(timelineEvents(query(), query({ status: 'pending' }), ann, AT)).toEqual([]);
    expect(timelineEvents(query(), query(), ann, AT)).toEqual([]);
  });

  it('an assignment and a resolution at once are two events, the assignment first, each with its own id', () => {
    const events = timelineEvents(query(), query({ status: 'resolved', assignee: { id: 'a1', name: 'Ann' } }), ann, AT);
    expect(events.map((e) => e.type)).toEqual(['assigned', 'resolved']);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });
});

describe('customerTimelineView', () => {
  it('shows who joined but not who assigned nor who had it before, and hides unassignments', () => {
    const [transfer] = timelineEvents(query({ assignee: { id: 'b1', name: 'Bob' } }), query({ assignee: { id: 'm1', name: 'Maria' } }), ann, AT);
    expect(customerTimelineView(transfer!)).toMatchObject({ type: 'assigned', actor: null, previousAssignee: null, assignee: { name: 'Maria' } });
    const [gone] = timelineEvents(query({ assignee: { id: 'b1', name: 'Bob' } }), query(), ann, AT);
    expect(customerTimelineView(gone!)).toBeNull();
    const [resolved] = timelineEvents(query(), query({ status: 'resolved' }), ann, AT);
    expect(customerTimelineView(resolved!)).toEqual(resolved);
  });
});
