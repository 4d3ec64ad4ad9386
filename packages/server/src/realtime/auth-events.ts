/**
 * `auth:renew` (both namespaces): a live socket swaps the token it was admitted
 * with for a fresher one, so it is not closed when the old one expires. The new
 * token is checked exactly like a handshake's (HS256 only, issuer, claims, a
 * deactivated agent refused) and must name the same user with the same role.
 */
import { authRenewSchema, type AuthRenewResult, type ChatClientToServerEvents } from '@parley/protocol';
import type { AuthService } from '../auth/auth-service.js';
import { AppError } from '../errors/app-error.js';
import type { EventTable } from './event-table.js';

/** The same in both namespaces (the admin map inherits it from the chat one). */
export function authEvents(auth: AuthService): EventTable<Pick<ChatClientToServerEvents, 'auth:renew'>> {
  return {
    'auth:renew': {
      schema: authRenewSchema,
      handler: async ({ socket, user, expiry }, payload): Promise<AuthRenewResult> => {
        let verified;
        try {
          verified = await auth.authenticate(payload.token);
        } catch (error) {
          // The socket is already signed in: a string that is not a JWT is a bad token, not missing credentials.
          if (error instanceof AppError && error.code === 'unauthorized') throw new AppError('invalid_token', error.message);
          throw error;
        }
        if (verified.user.id !== user.id || verified.user.role !== user.role) {
          throw new AppError('forbidden', 'the new token must be for the same user and role as the socket');
        }
        // The name as it is now (a renamed agent, a corrected customer): their next messages carry it.
        user.name = verified.user.name;
        expiry.schedule(verified.exp);
        socket.data.exp = verified.exp;
        socket.data.ver = verified.ver;
        return { expiresAt: new Date(verified.exp * 1000).toISOString() };
      },
    },
  };
}
