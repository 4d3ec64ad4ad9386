import type { TimelineEvent } from '@parley/protocol';

/**
 * What a customer reads for a timeline event (their view: who joined, resolutions, reopenings), `meId` being
 * the customer: "Maria joined the conversation", "Resolved by Maria", "You reopened the conversation".
 */
export function timelineEventText(event: TimelineEvent, meId: string | undefined): string {
  const actor = event.actor;
  switch (event.type) {
    case 'assigned':
      return `${event.assignee?.name ?? 'An agent'} joined the conversation`;
    case 'resolved':
      return actor ? `Resolved by ${actor.name}` : 'Resolved';
    case 'reopened':
      if (actor && actor.id === meId) return 'You reopened the conversation';
      return actor ? `Reopened by ${actor.name}` : 'Reopened';
    case 'unassigned':
      return 'Waiting for an agent';
  }
}
