import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { AgentWithPresence } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';

/**
 * The agents of this install with their live presence: the list comes from REST
 * (`GET /api/agents`), the status from the SDK's presence store, so a colleague going away
 * shows without a reload. Presence from an agent the list does not know yet (created since)
 * triggers a reload of the list.
 */
@Injectable({ providedIn: 'root' })
export class Team {
  private readonly realtime = inject(RealtimeService);
  private readonly list = signal<readonly AgentWithPresence[]>([]);
  private refreshing: Promise<void> | null = null;
  /** Unknown ids a reload was already made for: one reload per newcomer, not one per presence event. */
  private readonly lookedUp = new Set<string>();

  readonly agents = computed<readonly AgentWithPresence[]>(() => {
    const presence = this.realtime.presence();
    return this.list().map((agent) => ({ ...agent, status: presence[agent.id] ?? agent.status }));
  });

  constructor() {
    effect(() => {
      const presence = this.realtime.presence();
      const known = new Set(untracked(this.list).map((agent) => agent.id));
      const newcomers = Object.keys(presence).filter((id) => !known.has(id) && !this.lookedUp.has(id));
      if (newcomers.length === 0) return;
      for (const id of newcomers) this.lookedUp.add(id);
      untracked(() => void this.refresh());
    });
  }

  /** Reloads the list (one request at a time); failures keep the previous list. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        if (this.realtime.started()) this.list.set(await this.realtime.api.listAgents());
      } catch {
        // Keep what we had; the banner tells about connectivity.
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Replaces the list after an admin changed it, so pickers update at once. */
  set(agents: readonly AgentWithPresence[]): void {
    this.list.set(agents);
  }
}
