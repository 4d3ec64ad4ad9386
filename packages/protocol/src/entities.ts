/**
 * What the server sends: the shapes of customers, agents, queries and messages.
 * Timestamps are ISO-8601 strings in UTC; ids are UUIDs.
 */

/** Who a user is, as far as permissions go. */
export const Role = {
  Customer: 'customer',
  Agent: 'agent',
  Admin: 'admin',
  /**
   * Messages the server writes itself (a team's automatic reply outside business hours), authored by the team:
   * never a signed-in user, never an answer from a person (it neither stops the customer's wait nor counts as a
   * first response).
   */
  System: 'system',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Roles that use the /admin namespace and the agent side of REST. */
export type StaffRole = typeof Role.Agent | typeof Role.Admin;

export const QueryStatus = {
  Open: 'open',
  Pending: 'pending',
  Resolved: 'resolved',
} as const;
export type QueryStatus = (typeof QueryStatus)[keyof typeof QueryStatus];

export const PresenceStatus = {
  Online: 'online',
  Away: 'away',
  Offline: 'offline',
} as const;
export type PresenceStatus = (typeof PresenceStatus)[keyof typeof PresenceStatus];

/** A user as shown next to what they did: message authors, typists, readers. */
export interface UserRef {
  id: string;
  role: Role;
  name: string;
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  /** Set for customers identified by the host application (`POST /api/auth/customer`). */
  externalId: string | null;
  /** First seen: when the customer first signed in. */
  createdAt: string;
  /**
   * When a socket of theirs last connected or went (recorded within a second or so); null if they never opened
   * one. Absent from servers before this field existed.
   */
  lastSeenAt?: string | null;
}

/** Whether a customer has a live socket on any node. Customers have no "away". */
export type CustomerPresence = 'online' | 'offline';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** A deactivated agent can no longer sign in or be assigned. */
  active: boolean;
  createdAt: string;
}

/** An agent with their live presence, as `GET /api/agents` returns them. */
export interface AgentWithPresence extends Agent {
  status: PresenceStatus;
}

/** A file attached to a message, uploaded first over REST. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Path under the API origin; served only to the query's participants. */
  url: string;
}

/** A customer's rating of the help they got, given once the query is resolved. */
export interface Rating {
  score: 1 | 2 | 3 | 4 | 5;
  comment: string | null;
  createdAt: string;
}

/** The few words of the latest message a list shows. */
export interface MessagePreview {
  seq: number;
  body: string;
  author: UserRef;
  createdAt: string;
}

export interface Query {
  id: string;
  subject: string;
  status: QueryStatus;
  customer: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  /** Seq of the latest message in the public stream (what customer and agents both see). */
  lastSeq: number;
  /** Seq of the latest internal note; always 0 in what customers receive. */
  lastNoteSeq: number;
  lastMessage: MessagePreview | null;
  /** Highest seq the customer has read. */
  customerReadSeq: number;
  /** Highest seq any agent has read. */
  agentReadSeq: number;
  /**
   * How many of the customer's messages no agent has read yet: those after `agentReadSeq`. Automatic replies
   * (author role `system`) and agents' own messages do not count, so this is what an agent's unread badge
   * shows. 0 in what customers receive; absent from servers before this field existed (count
   * `lastSeq - agentReadSeq` then).
   */
  agentUnread?: number;
  /** When the customer started waiting for an answer; null when an agent spoke last. */
  waitingSince: string | null;
  rating: Rating | null;
  /**
   * The customer asked for the conversation by email when it is resolved (at its creation). Absent from servers
   * before this field existed.
   */
  transcriptRequested?: boolean;
  /** The team it belongs to; null without teams. Absent from servers before teams existed. */
  team?: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * What happened to a query, shown in its conversation among the messages: `assigned` (a transfer when
 * `previousAssignee` is set), `unassigned`, `resolved`, `reopened` (by an agent, or by a message on a resolved
 * query: then `actor` is its author).
 */
export type TimelineEventType = 'assigned' | 'unassigned' | 'resolved' | 'reopened';

export interface TimelineEvent {
  id: string;
  queryId: string;
  type: TimelineEventType;
  /**
   * Who did it (their name at the time). Null in what customers receive for assignments: who assigned whom is
   * the team's business; the customer sees who joined.
   */
  actor: UserRef | null;
  /** `assigned`: who has the query now. */
  assignee: { id: string; name: string } | null;
  /** `assigned` (a transfer) and `unassigned`: who had it before. Always null for customers. */
  previousAssignee: { id: string; name: string } | null;
  createdAt: string;
}

export interface Message {
  id: string;
  queryId: string;
  /**
   * 1, 2, 3… per query and per stream, in commit order, with no gap. Public
   * messages and internal notes are two streams, each numbered on its own, so
   * that a customer, who never sees notes, still sees a gapless sequence.
   */
  seq: number;
  /** The sender's idempotency key: a retry with the same clientId returns this message. */
  clientId: string;
  author: UserRef;
  body: string;
  /** An agents-only note (the internal stream); never sent to customers. */
  internal: boolean;
  attachments: Attachment[];
  createdAt: string;
  /**
   * When the author wrote it, when that was more than a minute before it was stored (written offline and sent
   * later): UIs show both. Absent otherwise.
   */
  writtenAt?: string;
}

/** A reply agents insert from the composer by typing `/` and its shortcut. */
export interface CannedReply {
  id: string;
  /** What follows `/` in the composer, e.g. `refund`. */
  shortcut: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}
