/**
 * Agent presence: online while at least one /admin socket of the agent is
 * connected (on any node), away when they say so, offline when their last
 * socket goes. Each change is announced once as a `presence:changed` domain
 * event, which the broadcaster fans out like every other event.
 *
 * Two implementations behind this interface, chosen at start: in memory for
 * one node (here), and in Redis for several (cluster/redis-presence.ts).
 *
 * Customers' presence is the same mechanism on /chat sockets, kept apart
 * ({@link PresenceSubject}): it is announced as `customer-presence:changed`
 * and has no "away".
 */
import type { PresenceStatus } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';

/** Whose presence a tracker counts: it decides the domain event announced and, in Redis, the keys. */
export type PresenceSubject = 'agent' | 'customer';

/** Announces a change as the subject's domain event. */
export function announcePresence(
  events: Pick<DomainEvents, 'emit'>,
  subject: PresenceSubject,
  id: string,
  status: PresenceStatus,
): void {
  if (subject === 'agent') events.emit('presence:changed', { agentId: id, status });
  else if (status !== 'away') events.emit('customer-presence:changed', { customerId: id, status });
}

export interface PresenceTracker {
  /** A socket of this agent connected on this node. */
  connected(agentId: string): Promise<void>;
  /** A socket of this agent on this node went. */
  disconnected(agentId: string): Promise<void>;
  /** The agent chose online or away (ignored while they have no socket). */
  set(agentId: string, status: 'online' | 'away'): Promise<void>;
  status(agentId: string): Promise<PresenceStatus>;
  /** Every given agent's status at once (the agents list). */
  statuses(agentIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
  /** Stops any timer; this node's agents are no longer counted. */
  close(): Promise<void>;
}

/** One node's presence, in memory. */
export class InMemoryPresence implements PresenceTracker {
  readonly #agents = new Map<string, { sockets: number; away: boolean }>();

  constructor(
    private readonly events: Pick<DomainEvents, 'emit'>,
    private readonly subject: PresenceSubject = 'agent',
  ) {}

  async connected(agentId: string): Promise<void> {
    const entry = this.#agents.get(agentId);
    if (entry) {
      entry.sockets += 1;
      return;
    }
    this.#agents.set(agentId, { sockets: 1, away: false });
    this.#changed(agentId, 'online');
  }

  async disconnected(agentId: string): Promise<void> {
    const entry = this.#agents.get(agentId);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    this.#agents.delete(agentId);
    this.#changed(agentId, 'offline');
  }

  async set(agentId: string, status: 'online' | 'away'): Promise<void> {
    const entry = this.#agents.get(agentId);
    if (!entry) return;
    const away = status === 'away';
    if (entry.away === away) return;
    entry.away = away;
    this.#changed(agentId, status);
  }

  async status(agentId: string): Promise<PresenceStatus> {
    const entry = this.#agents.get(agentId);
    if (!entry) return 'offline';
    return entry.away ? 'away' : 'online';
  }

  async statuses(agentIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    return new Map(await Promise.all(agentIds.map(async (id) => [id, await this.status(id)] as const)));
  }

  async close(): Promise<void> {
    this.#agents.clear();
  }

  #changed(agentId: string, status: PresenceStatus): void {
    announcePresence(this.events, this.subject, agentId, status);
  }
}
