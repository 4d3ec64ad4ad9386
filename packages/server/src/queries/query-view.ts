import type { Query, UserRef } from '@parley/protocol';

/**
 * A query as this user may see it: customers never learn anything about the
 * internal-notes stream, so `lastNoteSeq` is 0 for them, nor the agents'
 * unread count (`agentUnread` 0).
 */
export function viewQuery(query: Query, viewer: Pick<UserRef, 'role'>): Query {
  return viewer.role === 'customer' ? customerView(query) : query;
}

/** The customer's view, for broadcasts into /chat. */
export function customerView(query: Query): Query {
  return { ...query, lastNoteSeq: 0, agentUnread: 0 };
}
