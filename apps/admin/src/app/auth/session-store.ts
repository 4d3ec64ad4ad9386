import { computed, Injectable, signal } from '@angular/core';
import type { Session } from '@parley/client';
import type { Agent } from '@parley/protocol';

/** What a successful agent sign-in yields and what survives a reload. */
export type AgentSession = Session & { agent: Agent };

const SESSION_KEY = 'parley-admin:session';

/**
 * The signed-in agent's session, kept in localStorage so a reload stays signed in until the
 * token can no longer be renewed. The SDK renews the token; this store only remembers the
 * latest one it was told about.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly state = signal<AgentSession | null>(readStoredSession());

  /** The current session, or null when signed out. */
  readonly session = this.state.asReadonly();
  readonly agent = computed(() => this.state()?.agent ?? null);
  readonly isAdmin = computed(() => this.state()?.agent.role === 'admin');
  /** Why the previous session ended (expired…), shown once on the sign-in page. */
  readonly endedReason = signal<string | null>(null);

  save(session: AgentSession): void {
    this.endedReason.set(null);
    this.state.set(session);
    writeStoredSession(session);
  }

  /** Remembers a renewed token so the next reload starts with it. */
  updateToken(token: string): void {
    const current = this.state();
    if (!current || current.token === token) return;
    this.save({ ...current, token });
  }

  /** The agent changed their own profile: the header and the next reload show the new name. */
  updateAgent(agent: Agent): void {
    const current = this.state();
    if (!current || current.agent.id !== agent.id) return;
    this.save({ ...current, agent, user: { ...current.user, name: agent.name } });
  }

  clear(reason: string | null = null): void {
    this.state.set(null);
    this.endedReason.set(reason);
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // Storage can be unavailable (private mode); the in-memory state is cleared anyway.
    }
  }
}

function readStoredSession(): AgentSession | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<AgentSession>;
    // A stored value from an older build or a hand edit must not crash the app.
    if (typeof parsed.token !== 'string' || !parsed.user || !parsed.agent) return null;
    return parsed as AgentSession;
  } catch {
    return null;
  }
}

function writeStoredSession(session: AgentSession): void {
  try {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    // Without storage the session simply does not survive a reload.
  }
}
