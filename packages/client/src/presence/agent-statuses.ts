/**
 * Agents' presence as a client sees it, by agent id: seeded from
 * `GET /api/agents` (agents) and kept by `presence` events — which agents get
 * for the whole team and customers for the agents of the queries they joined.
 */
import type { AgentWithPresence, PresenceEvent, PresenceStatus } from '@parley/protocol';
import { WritableStore, type ReadableStore } from '../store.js';

export type PresenceMap = Readonly<Record<string, PresenceStatus>>;

export class AgentStatuses {
  readonly #store = new WritableStore<PresenceMap>({});

  get store(): ReadableStore<PresenceMap> {
    return this.#store;
  }

  /** Every agent's status from a fresh list. */
  seed(agents: readonly AgentWithPresence[]): void {
    this.#store.update((current) => ({ ...current, ...Object.fromEntries(agents.map((a) => [a.id, a.status])) }));
  }

  /** A live `presence` event, or my own status shown before the server confirms it. */
  handle({ agentId, status }: PresenceEvent): void {
    this.#store.update((p) => (p[agentId] === status ? p : { ...p, [agentId]: status }));
  }
}
