/**
 * Namespace middleware: who may open a socket. Checked once per connection,
 * in this order: shutdown, per-IP handshake rate, protocol version, token
 * (missing/malformed → unauthorized; bad signature, algorithm, issuer or
 * claims → invalid_token, even when also expired, since the signature is
 * checked first; a genuine but expired token → token_expired), then the role
 * the namespace is for (else forbidden), then the user's standing: cooling down
 * after a flood cut (rate_limited, with retryAfterMs) or already holding
 * `maxSocketsPerUser` sockets on this node (quota_exceeded).
 * A refusal reaches the client as `connect_error` with `data = { code, message }`.
 */
import { PROTOCOL_VERSION, Rooms, type ErrorBody, type Role } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { AuthService } from '../auth/auth-service.js';
import { AppError, internalErrorBody } from '../errors/app-error.js';
import { clientIp, type TrustFunction } from '../http/client-ip.js';
import type { Cooldown } from '../rate-limits/cooldown.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import { cooldownKey } from './flood-guard.js';

export interface HandshakeDeps {
  auth: AuthService;
  limiter: RateLimiter;
  /** Users whose connection was cut for flooding. */
  cooldown: Cooldown;
  /** Sockets one user may hold on this node; 0 = unlimited. */
  maxSocketsPerUser: number;
  /** Which X-Forwarded-For hops to believe (TRUST_PROXY). */
  trust: TrustFunction;
  isClosing: () => boolean;
  /** Every refusal, with the address and, once the token was read, the user. */
  onRefused?: (code: ErrorBody['code'], ip: string, userId: string | undefined) => void;
  /** Where a refusal that is a bug (answered `internal`) is logged. */
  log: Logger;
}

export function handshakeAuth(roles: readonly Role[], deps: HandshakeDeps) {
  return async (socket: Socket, next: (err?: Error) => void): Promise<void> => {
    const ip = clientIp(socket.request, deps.trust);
    let userId: string | undefined;
    try {
      if (deps.isClosing()) throw new AppError('unavailable', 'the server is shutting down; retry shortly');
      await deps.limiter.consume(ip);
      const auth: unknown = socket.handshake.auth;
      const { token, protocol } = (typeof auth === 'object' && auth !== null ? auth : {}) as { token?: unknown; protocol?: unknown };
      if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
        throw new AppError('incompatible_protocol', `this server speaks protocol ${PROTOCOL_VERSION}, the client ${String(protocol)}`);
      }
      const verified = await deps.auth.authenticate(token);
      userId = verified.user.id;
      if (!roles.includes(verified.user.role)) {
        throw new AppError('forbidden', `${socket.nsp.name} is not for ${verified.user.role}s`);
      }
      await deps.cooldown.check(cooldownKey.user(verified.user.id));
      // The sockets of this user on this node: each joins the user's room on connect (socket-server.ts).
      const held = socket.nsp.adapter.rooms.get(Rooms.user(verified.user.id))?.size ?? 0;
      if (deps.maxSocketsPerUser > 0 && held >= deps.maxSocketsPerUser) {
        throw new AppError('quota_exceeded', `too many connections for this user (at most ${deps.maxSocketsPerUser}); close another tab or device`);
      }
      socket.data.user = verified.user;
      socket.data.exp = verified.exp;
      socket.data.ver = verified.ver;
      socket.data.ip = ip;
      next();
    } catch (error) {
      const body = error instanceof AppError ? error.toBody() : internalErrorBody;
      if (!(error instanceof AppError)) deps.log.error({ err: error, nsp: socket.nsp.name }, 'handshake failed');
      deps.onRefused?.(body.code, ip, userId);
      const refusal = new Error(body.message) as Error & { data: ErrorBody };
      refusal.data = body;
      next(refusal);
    }
  };
}
