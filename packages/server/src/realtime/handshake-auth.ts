/**
 * Namespace middleware: who may open a socket. Checked once per connection,
 * in this order: shutdown, per-IP handshake rate, protocol version, token
 * (missing/malformed → unauthorized, bad → invalid_token, expired →
 * token_expired), then the role the namespace is for (else forbidden).
 * A refusal reaches the client as `connect_error` with `data = { code, message }`.
 */
import { PROTOCOL_VERSION, type ErrorBody, type Role } from '@parley/protocol';
import type { Socket } from 'socket.io';
import type { AuthService } from '../auth/auth-service.js';
import { AppError, internalErrorBody } from '../errors/app-error.js';
import type { RateLimiter } from './rate-limits.js';

export interface HandshakeDeps {
  auth: AuthService;
  limiter: RateLimiter;
  trustProxy: boolean;
  isClosing: () => boolean;
  onRefused?: (code: ErrorBody['code']) => void;
}

/** The client's IP: the socket's peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(socket: Socket, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = socket.handshake.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return socket.handshake.address;
}

export function handshakeAuth(roles: readonly Role[], deps: HandshakeDeps) {
  return async (socket: Socket, next: (err?: Error) => void): Promise<void> => {
    try {
      if (deps.isClosing()) throw new AppError('unavailable', 'the server is shutting down; retry shortly');
      await deps.limiter.consume(clientIp(socket, deps.trustProxy));
      const auth: unknown = socket.handshake.auth;
      const { token, protocol } = (typeof auth === 'object' && auth !== null ? auth : {}) as { token?: unknown; protocol?: unknown };
      if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
        throw new AppError('incompatible_protocol', `this server speaks protocol ${PROTOCOL_VERSION}, the client ${String(protocol)}`);
      }
      const verified = await deps.auth.authenticate(token);
      if (!roles.includes(verified.user.role)) {
        throw new AppError('forbidden', `${socket.nsp.name} is not for ${verified.user.role}s`);
      }
      socket.data.user = verified.user;
      socket.data.exp = verified.exp;
      next();
    } catch (error) {
      const body = error instanceof AppError ? error.toBody() : internalErrorBody;
      deps.onRefused?.(body.code);
      const refusal = new Error(body.message) as Error & { data: ErrorBody };
      refusal.data = body;
      next(refusal);
    }
  };
}
