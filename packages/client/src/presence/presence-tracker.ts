/**
 * Agents' presence as the client sees it: every agent's status (seeded from
 * GET /api/agents, then `presence` events), and my own wanted status, which
 * outlives reconnects (the server forgets it with the socket).
 */
import type { AdminClientToServerEvents, AgentWithPresence, PresenceEvent, PresenceStatus } from '@parley/protocol';
import type { LiveLink } from '../connection/live-link.js';
import { ParleyError } from '../errors.js';
import { WritableStore, type ReadableStore } from '../store.js';

export type PresenceMap = Readonly<Record<string, PresenceStatus>>;

/** The one event presence sends (agents only). */
export type PresenceEvents = Pick<AdminClientToServerEvents, 'presence:set'>;

export class PresenceTracker {
  readonly #store = new WritableStore<PresenceMap>({});
  readonly #userId: string;
  readonly #link: LiveLink<PresenceEvents>;
  #wanted: 'online' | 'away' = 'online';

  constructor(userId: string, link: LiveLink<PresenceEvents>) {
    this.#userId = userId;
    this.#link = link;
  }

  get store(): ReadableStore<PresenceMap> {
    return this.#store;
  }

  /** Shows `status` for me at once and tells the server; rejects with its refusal (offline: kept for the next connection). */
  async set(status: 'online' | 'away'): Promise<void> {
    this.#wanted = status;
    this.#store.update((p) => ({ ...p, [this.#userId]: status }));
    // null: offline or the ack was lost; restore() says it again on the next connection.
    const ack = await this.#link.request('presence:set', { status });
    if (ack && !ack.ok) throw new ParleyError(ack.error);
  }

  /** After a (re)connect: the server forgot a chosen 'away' with the old socket, so it is said again. */
  restore(): void {
    if (this.#wanted === 'away') void this.set('away').catch(() => undefined);
  }

  /** Every agent's status from a fresh list. */
  seed(agents: readonly AgentWithPresence[]): void {
    this.#store.update((current) => ({ ...current, ...Object.fromEntries(agents.map((a) => [a.id, a.status])) }));
  }

  /** A live `presence` event. */
  handle({ agentId, status }: PresenceEvent): void {
    this.#store.update((p) => (p[agentId] === status ? p : { ...p, [agentId]: status }));
  }
}
