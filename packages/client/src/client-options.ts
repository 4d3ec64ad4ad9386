/** What a `ParleyClient` is made with, and the defaults it falls back on. */
import type { Session } from './auth/session.js';
import type { BackoffOptions } from './connection/backoff.js';
import type { FetchLike } from './rest/http.js';
import type { KeyValueStorage } from './storage.js';

/** An ack not back after this long is treated as lost: the outbox sends again (same clientId, so harmless). */
export const ACK_TIMEOUT_MS = 15_000;

/** Options of `new ParleyClient(options)`. */
export interface ParleyClientOptions {
  /** Origin of the server, '' or location.origin in the apps. */
  baseUrl: string;
  /** 'customer' uses /chat, 'agent' uses /admin (agents and admins). */
  kind: 'customer' | 'agent';
  /** Initial credentials, from a sign-in helper. */
  session: Session;
  /** Called when the token expired and could not be renewed silently (agents: show sign-in). Return a new session or null to give up. */
  onSessionExpired?: () => Promise<Session | null>;
  /** Where the outbox survives a reload; default in memory. */
  storage?: KeyValueStorage;
  /** Override fetch (tests, custom agents). */
  fetch?: FetchLike;
  /** Reconnection schedule; default 500 ms base, 30 s cap, full jitter. */
  backoff?: BackoffOptions;
  /** Extra socket.io-client options (tests: `transports`, a proxy URL via baseUrl…). */
  socketOptions?: Record<string, unknown>;
  /** How long an ack may take before it counts as lost (default {@link ACK_TIMEOUT_MS}). */
  ackTimeoutMs?: number;
}
