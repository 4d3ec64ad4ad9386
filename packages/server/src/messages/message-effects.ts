import type { QueryStatus, Role } from '@parley/protocol';

export interface QueryActivityState {
  status: QueryStatus;
  waitingSince: string | null;
}

export interface MessageFacts {
  internal: boolean;
  authorRole: Role;
  createdAt: string;
}

/**
 * What storing a message does to its query, as a pure rule every store applies
 * inside the append's transaction (so the effects commit with the message):
 * - a customer's public message starts the wait (if not already waiting) and
 *   reopens a resolved query;
 * - an agent's public reply ends the wait, and on a resolved query reopens it
 *   as `pending` (waiting for the customer): a query the customer got a new
 *   message on is not finished, and it must not sit resolved with an unread
 *   message (issue 11). Like any reopening it drops the rating, which rated the
 *   earlier resolution; the customer is asked again at the next one;
 * - internal notes and automatic replies (role `system`) change neither.
 */
export function messageEffects(state: QueryActivityState, message: MessageFacts): QueryActivityState {
  // A note is for agents; an automatic reply (role system) is nobody answering: the customer still waits.
  if (message.internal || message.authorRole === 'system') return state;
  if (message.authorRole === 'customer') {
    return {
      status: state.status === 'resolved' ? 'open' : state.status,
      waitingSince: state.waitingSince ?? message.createdAt,
    };
  }
  return { status: state.status === 'resolved' ? 'pending' : state.status, waitingSince: null };
}
