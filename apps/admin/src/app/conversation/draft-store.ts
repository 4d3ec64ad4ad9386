import { inject, Injectable } from '@angular/core';
import { SessionStore } from '../auth/session-store';

const PREFIX = 'parley-admin:draft:';

/**
 * What the agent has typed but not sent, per agent and query, in localStorage: a reload, a
 * crash or switching queries loses nothing. Keyed by agent, and cleared when the agent signs out (not when
 * they sign in again after the session ended), so on a shared machine the next agent never sees (or sends)
 * someone else's half-written reply.
 * Sent messages themselves survive in the SDK's outbox.
 */
@Injectable({ providedIn: 'root' })
export class DraftStore {
  private readonly session = inject(SessionStore);

  get(queryId: string): string {
    try {
      return localStorage.getItem(this.key(queryId)) ?? '';
    } catch {
      return '';
    }
  }

  set(queryId: string, text: string): void {
    try {
      if (text) localStorage.setItem(this.key(queryId), text);
      else localStorage.removeItem(this.key(queryId));
    } catch {
      // Without storage a draft lives only as long as the page.
    }
  }

  /** Forgets every draft of the signed-in agent (sign-out). */
  clearMine(): void {
    try {
      const mine = `${PREFIX}${this.agentId()}:`;
      const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((k): k is string => !!k?.startsWith(mine));
      for (const key of keys) localStorage.removeItem(key);
    } catch {
      // Nothing stored, nothing to forget.
    }
  }

  private key(queryId: string): string {
    return `${PREFIX}${this.agentId()}:${queryId}`;
  }

  private agentId(): string {
    return this.session.agent()?.id ?? 'anonymous';
  }
}
