/**
 * Socket.IO connection state recovery, made safe for revoked sessions.
 *
 * When Socket.IO recovers a session it writes the packets the socket missed
 * from inside the new socket's constructor — before any middleware runs — so
 * `skipMiddlewares: false` cannot stop a revoked user from receiving them.
 * The only place to refuse is the adapter's `restoreSession`, which is asked
 * first: we let a session be restored only while the token it was opened with
 * is unexpired and its user still exists (customers) or is still active with
 * the same role and the token is not revoked (staff). Otherwise the socket starts fresh, the handshake
 * middleware judges the new token, and the client resumes with `afterSeq`.
 *
 * Recovery is off by default (RECOVERY_WINDOW_MS=0): correctness never
 * depends on it. What it still trusts when on: possession of the private
 * session id, until the session's own token expires.
 */
import type { UserRef } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';

/** What handshake-auth keeps on `socket.data`, as restored from a session. */
interface SessionData {
  user?: UserRef;
  exp?: number;
  ver?: number;
}

/** Resolves the user as they are now, or throws when they are gone, deactivated or their token revoked. */
export type CurrentUser = (user: UserRef, tokenVersion: number) => Promise<UserRef>;

/** True when a socket that connected as `user` with expiry `exp` may get its missed packets. */
export async function mayRecover(data: SessionData | undefined, currentUser: CurrentUser, now = Date.now()): Promise<boolean> {
  if (!data?.user || typeof data.exp !== 'number' || data.exp * 1000 <= now) return false;
  try {
    const current = await currentUser(data.user, data.ver ?? 0);
    return current.id === data.user.id && current.role === data.user.role;
  } catch {
    return false;
  }
}

/** Wraps the namespace adapter's restoreSession with {@link mayRecover}. */
export function guardSessionRecovery(nsp: Namespace, currentUser: CurrentUser, log: Logger): void {
  const adapter = nsp.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    if (await mayRecover(session.data as SessionData | undefined, currentUser)) return session;
    log.info({ nsp: nsp.name }, 'session recovery refused: token expired or user revoked');
    return null as unknown as typeof session;
  };
}
