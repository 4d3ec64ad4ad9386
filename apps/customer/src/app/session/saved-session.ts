import type { Session } from '@parley/client';

/** localStorage key of the customer's session (token, user, and how to renew it). */
export const SESSION_STORAGE_KEY = 'parley.customer.session';

/**
 * Keeps the session across reloads and app restarts, so a visitor comes back
 * as the same customer (their resumeKey renews the token) and an identified
 * customer does not need the host to pass the identity again on every reload.
 */
export function loadSavedSession(storage: Storage): Session | null {
  const raw = storage.getItem(SESSION_STORAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== 'string' || !value.user || typeof value.user.id !== 'string') return null;
    // Saved before identities became signed tokens (an object with a hex signature): the server refuses
    // it now, so the session keeps its token and drops what could never renew it.
    if (value.identity !== undefined && typeof value.identity !== 'string') {
      const { identity: _old, ...rest } = value;
      return rest as Session;
    }
    return value as Session;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage, session: Session): void {
  storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
}

export function forgetSession(storage: Storage): void {
  storage.removeItem(SESSION_STORAGE_KEY);
}
