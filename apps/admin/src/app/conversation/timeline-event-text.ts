import type { TimelineEvent } from '@parley/protocol';

/**
 * What an agent reads for a timeline event in the conversation: who did what ("Ann transferred it from Bob to
 * Maria", "Cleo reopened it with a message").
 */
export function timelineEventText(event: TimelineEvent): string {
  const actor = event.actor?.name;
  switch (event.type) {
    case 'assigned': {
      const to = event.assignee?.name ?? 'someone';
      if (event.previousAssignee) return actor ? `${actor} transferred it from ${event.previousAssignee.name} to ${to}` : `Transferred from ${event.previousAssignee.name} to ${to}`;
      if (event.actor && event.actor.id === event.assignee?.id) return `${actor} took the query`;
      return actor ? `${actor} assigned it to ${to}` : `Assigned to ${to}`;
    }
    case 'unassigned':
      return actor ? `${actor} unassigned it from ${event.previousAssignee?.name ?? 'its agent'}` : 'Unassigned';
    case 'resolved':
      return actor ? `${actor} resolved the query` : 'Resolved';
    case 'reopened':
      if (event.actor?.role === 'customer') return `${actor} reopened it with a message`;
      return actor ? `${actor} reopened the query` : 'Reopened';
  }
}
