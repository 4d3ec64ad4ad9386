/**
 * Typed Socket.IO event maps for the two namespaces. Server and clients both
 * use them: `new Server<ChatClientToServerEvents, ChatServerToClientEvents>()`
 * on one side, `io(url + '/chat') as Socket<ChatServerToClientEvents, ChatClientToServerEvents>`
 * on the other.
 */
import type { AckCallback } from './ack.js';
import type { SettingsResponse } from './settings.js';
import type { TeamListResponse } from './teams.js';
import type { Customer, CustomerPresence, Message, PresenceStatus, Query, TimelineEvent, UserRef } from './entities.js';
import type {
  AuthRenewPayload,
  MessageReadPayload,
  MessageSendPayload,
  PresenceSetPayload,
  QueryAssignPayload,
  QueryJoinPayload,
  QueryRefPayload,
  TypingPayload,
} from './schemas.js';

/** The two namespaces: customers use /chat, agents and admins /admin. */
export const Namespaces = {
  Chat: '/chat',
  Admin: '/admin',
} as const;
export type Namespace = (typeof Namespaces)[keyof typeof Namespaces];

/** Room names, the same in both namespaces. */
export const Rooms = {
  query: (queryId: string) => `query:${queryId}`,
  /** /admin only: staff sockets that joined one of this customer's queries (their presence). */
  customer: (customerId: string) => `customer:${customerId}`,
  user: (userId: string) => `user:${userId}`,
  /** /admin only: every connected agent. */
  queue: 'queue',
} as const;

export interface QueryJoinResult {
  query: Query;
  /** Public messages with seq > afterSeq (or the latest page), in seq order. */
  messages: Message[];
  /** True when more messages follow the last one returned: page on with REST `after=`. */
  hasMore: boolean;
  /**
   * The query's timeline events (assignments, resolutions, reopenings), oldest first, the latest 200; customers
   * get their view (no `unassigned`, no actor of an assignment, no previous assignee). Absent from servers
   * before it existed.
   */
  timeline?: TimelineEvent[];
}

export interface AdminQueryJoinResult extends QueryJoinResult {
  /** Internal notes with seq > afterNoteSeq (or the latest page), in seq order. */
  notes: Message[];
  hasMoreNotes: boolean;
}

export interface MessageSendResult {
  /** The stored message. A retry with the same clientId gets the same message back. */
  message: Message;
}

export interface QueryResult {
  query: Query;
}

export interface AuthRenewResult {
  /** When the socket's new token expires (ISO-8601); the socket is closed then unless renewed again. */
  expiresAt: string;
}

// ------------------------------------------------------------------ server → client

export interface MessageNewEvent {
  message: Message;
}
export interface TypingEvent {
  queryId: string;
  user: UserRef;
  typing: boolean;
}
export interface MessageReadEvent {
  queryId: string;
  user: UserRef;
  seq: number;
}
export interface QueryEvent {
  query: Query;
}
export interface PresenceEvent {
  agentId: string;
  status: PresenceStatus;
}
/** A query's timeline grew (see {@link TimelineEvent}); customers get their view, and no `unassigned`. */
export interface QueryTimelineEvent {
  event: TimelineEvent;
}
/** A customer's socket count went from 0 to 1 (online) or back to 0 (offline), across every node. */
export interface CustomerPresenceEvent {
  customerId: string;
  status: CustomerPresence;
  /** When the node saw the change: the customer's new "last seen". */
  at: string;
}
/** A customer's name or email changed (an agent corrected it, or the customer did). Every staff socket hears it. */
export interface CustomerUpdatedEvent {
  customer: Customer;
}
/** Sent just before the server closes a socket on purpose, saying why. */
export interface ServerClosingEvent {
  /**
   * `signed_out`: the agent's tokens were revoked (a password change or sign-out everywhere); reconnecting
   * with the same token is refused with `invalid_token`.
   * `rate_limited`: the connection sent far more than its limits allow and is cut; handshakes wait (`rate_limited`
   * with `retryAfterMs`) for a while.
   */
  reason: 'shutdown' | 'token_expired' | 'deactivated' | 'signed_out' | 'rate_limited';
}

/**
 * Live events may have been missed: broadcasts published while the nodes' Redis was away, or the fan-out of a
 * write whose outcome was unknown while the database was away. Catch up as after a reconnect: re-join each open
 * query with `afterSeq`/`afterNoteSeq`, reload lists. Several may arrive in a row (one per node); one catch-up
 * covers them all.
 */
export interface ServerResyncEvent {
  reason: 'redis' | 'store';
}

export interface ChatServerToClientEvents {
  'message:new': (event: MessageNewEvent) => void;
  typing: (event: TypingEvent) => void;
  'message:read': (event: MessageReadEvent) => void;
  'query:updated': (event: QueryEvent) => void;
  /** To the query's rooms in both namespaces. */
  'query:timeline': (event: QueryTimelineEvent) => void;
  /** Presence of the agent assigned to a query the customer has joined. */
  presence: (event: PresenceEvent) => void;
  'server:closing': (event: ServerClosingEvent) => void;
  'server:resync': (event: ServerResyncEvent) => void;
}

export interface AdminServerToClientEvents extends ChatServerToClientEvents {
  'query:created': (event: QueryEvent) => void;
  /** Presence of the customers whose conversations this socket joined (`query:join`). */
  'customer:presence': (event: CustomerPresenceEvent) => void;
  'customer:updated': (event: CustomerUpdatedEvent) => void;
  /** An admin changed the workspace settings. */
  'settings:updated': (event: SettingsResponse) => void;
  /** An admin created, changed or deleted a team: every team as it is now. */
  'teams:changed': (event: TeamListResponse) => void;
}

// ------------------------------------------------------------------ client → server

export interface ChatClientToServerEvents {
  'query:join': (payload: QueryJoinPayload, ack: AckCallback<QueryJoinResult>) => void;
  'query:leave': (payload: QueryRefPayload, ack: AckCallback) => void;
  'message:send': (payload: MessageSendPayload, ack: AckCallback<MessageSendResult>) => void;
  /** Volatile; the ack is optional. */
  typing: (payload: TypingPayload, ack?: AckCallback) => void;
  /** The ack is optional. */
  'message:read': (payload: MessageReadPayload, ack?: AckCallback) => void;
  /**
   * Replaces the token the socket was admitted with by a fresh one for the same
   * user and role, so the socket is not closed when the old token expires.
   * `invalid_token`/`token_expired` when the new token is not valid,
   * `forbidden` when it names another user or role.
   */
  'auth:renew': (payload: AuthRenewPayload, ack: AckCallback<AuthRenewResult>) => void;
}

export interface AdminClientToServerEvents extends Omit<ChatClientToServerEvents, 'query:join'> {
  'query:join': (payload: QueryJoinPayload, ack: AckCallback<AdminQueryJoinResult>) => void;
  'query:assign': (payload: QueryAssignPayload, ack: AckCallback<QueryResult>) => void;
  'query:resolve': (payload: QueryRefPayload, ack: AckCallback<QueryResult>) => void;
  'query:reopen': (payload: QueryRefPayload, ack: AckCallback<QueryResult>) => void;
  'presence:set': (payload: PresenceSetPayload, ack?: AckCallback) => void;
}

/** Data the server keeps on each socket (`socket.data`). */
export interface SocketData {
  user: UserRef;
}

/** `connect_error` data when the server refuses a handshake. */
export type { ErrorBody as ConnectErrorData } from './error-codes.js';
