/**
 * Agent presence: online while at least one /admin socket is connected, away
 * when they say so, offline when their last socket goes. Kept behind a small
 * interface so a multi-node version (Redis) can replace the in-memory one.
 */
import type { PresenceStatus } from '@parley/protocol';

export interface PresenceTracker {
  /** A socket of this agent connected; returns the new status if it changed. */
  connected(agentId: string): PresenceStatus | null;
  /** A socket of this agent went; returns the new status if it changed. */
  disconnected(agentId: string): PresenceStatus | null;
  /** The agent chose online or away; returns the new status if it changed. */
  set(agentId: string, status: 'online' | 'away'): PresenceStatus | null;
  status(agentId: string): PresenceStatus;
}

export class InMemoryPresence implements PresenceTracker {
  readonly #agents = new Map<string, { sockets: number; away: boolean }>();

  connected(agentId: string): PresenceStatus | null {
    const entry = this.#agents.get(agentId);
    if (entry) {
      entry.sockets += 1;
      return null;
    }
    this.#agents.set(agentId, { sockets: 1, away: false });
    return 'online';
  }

  disconnected(agentId: string): PresenceStatus | null {
    const entry = this.#agents.get(agentId);
    if (!entry) return null;
    entry.sockets -= 1;
    if (entry.sockets > 0) return null;
    this.#agents.delete(agentId);
    return 'offline';
  }

  set(agentId: string, status: 'online' | 'away'): PresenceStatus | null {
    const entry = this.#agents.get(agentId);
    if (!entry) return null;
    const away = status === 'away';
    if (entry.away === away) return null;
    entry.away = away;
    return status;
  }

  status(agentId: string): PresenceStatus {
    const entry = this.#agents.get(agentId);
    if (!entry) return 'offline';
    return entry.away ? 'away' : 'online';
  }
}
