import type { Query } from '@parley/protocol';

/** The queue's tabs. */
export const QueueFilter = {
  Open: 'open',
  Mine: 'mine',
  Unassigned: 'unassigned',
  Pending: 'pending',
  Resolved: 'resolved',
} as const;
export type QueueFilter = (typeof QueueFilter)[keyof typeof QueueFilter];

export const QUEUE_FILTERS: ReadonlyArray<{ id: QueueFilter; label: string }> = [
  { id: QueueFilter.Open, label: 'Open' },
  { id: QueueFilter.Mine, label: 'Mine' },
  { id: QueueFilter.Unassigned, label: 'Unassigned' },
  { id: QueueFilter.Pending, label: 'Pending' },
  { id: QueueFilter.Resolved, label: 'Resolved' },
];

/**
 * Whether a query belongs under a tab. "Mine" and "Unassigned" are work lists, so resolved
 * queries drop out of them; "Open", "Pending" and "Resolved" are plain statuses.
 */
export function matchesFilter(query: Query, filter: QueueFilter, meId: string): boolean {
  switch (filter) {
    case QueueFilter.Open:
      return query.status === 'open';
    case QueueFilter.Pending:
      return query.status === 'pending';
    case QueueFilter.Resolved:
      return query.status === 'resolved';
    case QueueFilter.Mine:
      return query.status !== 'resolved' && query.assignee?.id === meId;
    case QueueFilter.Unassigned:
      return query.status !== 'resolved' && query.assignee === null;
  }
}

export function filterQueries(queries: readonly Query[], filter: QueueFilter, meId: string): Query[] {
  return queries.filter((query) => matchesFilter(query, filter, meId));
}

/**
 * Customer messages no agent has read yet: the server's count, which leaves out automatic replies (a server
 * without it: every message after the agents' cursor). Once an agent spoke last (`waitingSince` null) the
 * customer is not waiting on anything, so nothing counts as unread.
 */
export function unreadCount(query: Query): number {
  if (query.waitingSince === null) return 0;
  return query.agentUnread ?? Math.max(0, query.lastSeq - query.agentReadSeq);
}

/** Whether a query matches a lower-cased search text (customer name, subject or last message). */
export function matchesSearch(query: Query, needle: string): boolean {
  return [query.customer.name, query.subject, query.lastMessage?.body ?? ''].some((text) => text.toLowerCase().includes(needle));
}
