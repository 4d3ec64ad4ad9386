/**
 * What happened in the domain, for the transports to fan out. Services emit;
 * the realtime broadcaster listens. `origin` is an opaque id of whoever caused
 * the event (a socket id), so the broadcaster can skip the sender, who already
 * has the ack — the domain never learns what it means.
 */
import { EventEmitter } from 'node:events';
import type { Customer, CustomerPresence, Message, PresenceStatus, Query, ServerResyncEvent, TimelineEvent, UserRef, WorkspaceSettings } from '@parley/protocol';

export interface DomainEventMap {
  'query:created': [{ query: Query; origin?: string }];
  /** Status, assignee or rating changed: everyone concerned hears at once. */
  'query:changed': [{ query: Query; origin?: string }];
  /** A query's timeline grew (an assignment, a resolution, a reopening), written with its change. */
  'query:timeline': [{ event: TimelineEvent }];
  /** Message activity or read cursors moved: the queue hears, coalesced. */
  'query:activity': [{ queryId: string }];
  'message:stored': [{ message: Message; query: Query; origin?: string }];
  'message:read': [{ queryId: string; user: UserRef; seq: number; origin?: string }];
  'agent:deactivated': [{ agentId: string }];
  /** The agent's tokens were revoked (password change, sign-out everywhere): their live sockets close. */
  'agent:signed-out': [{ agentId: string }];
  /** An agent's presence changed, as seen by the whole cluster (told once, by the node that saw it change). */
  'presence:changed': [{ agentId: string; status: PresenceStatus }];
  /** A customer's first socket in the cluster connected, or their last one went (told once, like agents'). */
  'customer-presence:changed': [{ customerId: string; status: CustomerPresence }];
  /** An admin created, changed or deleted a team (auto-assignment may have work now; consoles list teams). */
  'team:changed': [{ teamId: string }];
  /** An admin changed the workspace settings. */
  'settings:changed': [{ settings: WorkspaceSettings }];
  /** A customer's name or email changed. */
  'customer:updated': [{ customer: Customer }];
  /**
   * Clients may have missed live events: broadcasts published while Redis was away, or the fan-out of a write
   * whose outcome was unknown while the database was away. Every client catches up (`server:resync`).
   */
  'clients:resync': [ServerResyncEvent];
}

export class DomainEvents extends EventEmitter<DomainEventMap> {}
