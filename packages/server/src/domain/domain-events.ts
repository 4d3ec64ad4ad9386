/**
 * What happened in the domain, for the transports to fan out. Services emit;
 * the realtime broadcaster listens. `origin` is an opaque id of whoever caused
 * the event (a socket id), so the broadcaster can skip the sender, who already
 * has the ack — the domain never learns what it means.
 */
import { EventEmitter } from 'node:events';
import type { Message, Query, UserRef } from '@parley/protocol';

export interface DomainEventMap {
  'query:created': [{ query: Query; origin?: string }];
  /** Status, assignee or rating changed: everyone concerned hears at once. */
  'query:changed': [{ query: Query; origin?: string }];
  /** Message activity or read cursors moved: the queue hears, coalesced. */
  'query:activity': [{ queryId: string }];
  'message:stored': [{ message: Message; query: Query; origin?: string }];
  'message:read': [{ queryId: string; user: UserRef; seq: number; origin?: string }];
  'agent:deactivated': [{ agentId: string }];
}

export class DomainEvents extends EventEmitter<DomainEventMap> {}
