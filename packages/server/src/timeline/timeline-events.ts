/**
 * The timeline events a change of a query produces — assigned (or transferred), unassigned, resolved, reopened
 * — and what a customer sees of them. Pure and shared by both stores, which call it inside the transaction of
 * the change (an agent's update, or a message that reopened a resolved query), so an event exists exactly when
 * its change committed.
 */
import { randomUUID } from 'node:crypto';
import type { Query, TimelineEvent, UserRef } from '@parley/protocol';

/**
 * The events that `before` → `after`, done by `actor` (null: nobody in particular) at `at`, produced (assignment
 * first, then status).
 */
export function timelineEvents(before: Query, after: Query, actor: UserRef | null, at: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const who = actor ? { id: actor.id, role: actor.role, name: actor.name } : null;
  const event = (type: TimelineEvent['type'], more: Partial<TimelineEvent> = {}): TimelineEvent => ({
    id: randomUUID(), queryId: after.id, type, actor: who, assignee: null, previousAssignee: null, createdAt: at, ...more,
  });
  const was = before.assignee;
  const now = after.assignee;
  if (now && now.id !== was?.id) {
    events.push(event('assigned', { assignee: { id: now.id, name: now.name }, previousAssignee: was ? { id: was.id, name: was.name } : null }));
  } else if (!now && was) {
    events.push(event('unassigned', { previousAssignee: { id: was.id, name: was.name } }));
  }
  if (after.status === 'resolved' && before.status !== 'resolved') events.push(event('resolved'));
  else if (before.status === 'resolved' && after.status !== 'resolved') events.push(event('reopened'));
  return events;
}

/**
 * What a customer sees of an event, or null for what does not concern them: who joined (not who assigned
 * whom, nor who had it before), resolutions and reopenings; not that nobody has the query any more.
 */
export function customerTimelineView(event: TimelineEvent): TimelineEvent | null {
  if (event.type === 'unassigned') return null;
  if (event.type === 'assigned') return { ...event, actor: null, previousAssignee: null };
  return event;
}
