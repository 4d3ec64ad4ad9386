/**
 * An agent's own presence: the status they chose, which outlives reconnects
 * (the server forgets it with the socket), shown at once in the team's
 * statuses ({@link AgentStatuses}).
 */
import type { AdminClientToServerEvents } from '@parley/protocol';
import type { LiveLink } from '../connection/live-link.js';
import { ParleyError } from '../errors.js';
import type { AgentStatuses } from './agent-statuses.js';

/** The one event presence sends (agents only). */
export type PresenceEvents = Pick<AdminClientToServerEvents, 'presence:set'>;

export class PresenceTracker {
  readonly #userId: string;
  readonly #link: LiveLink<PresenceEvents>;
  readonly #statuses: AgentStatuses;
  #wanted: 'online' | 'away' = 'online';

  constructor(userId: string, link: LiveLink<PresenceEvents>, statuses: AgentStatuses) {
    this.#userId = userId;
    this.#link = link;
    this.#statuses = statuses;
  }

  /** Shows `status` for me at once and tells the server; rejects with its refusal (offline: kept for the next connection). */
  async set(status: 'online' | 'away'): Promise<void> {
    this.#wanted = status;
    this.#statuses.handle({ agentId: this.#userId, status });
    // null: offline or the ack was lost; restore() says it again on the next connection.
    const ack = await this.#link.request('presence:set', { status });
    if (ack && !ack.ok) throw new ParleyError(ack.error);
  }

  /** After a (re)connect: the server forgot a chosen 'away' with the old socket, so it is said again. */
  restore(): void {
    if (this.#wanted === 'away') void this.set('away').catch(() => undefined);
  }
}
