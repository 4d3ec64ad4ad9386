/** What a client is made with. */
import type { Session } from '../auth/session.js';
import type { BackoffOptions } from '../connection/backoff.js';
import type { FetchLike } from '../rest/http.js';
import type { KeyValueStorage } from '../storage.js';

/** Options of `new CustomerClient(options)` and `new AgentClient(options)`. */
export interface ClientOptions {
  /** Origin of the server, '' or location.origin in the apps. */
  baseUrl: string;
  /** Initial credentials, from a sign-in helper. */
  session: Session;
  /**
   * Called when the token expired and could not be renewed silently (agents: show sign-in). Return a new
   * session or null to give up.
   */
  onSessionExpired?: () => Promise<Session | null>;
  /** Where the outbox survives a reload; default in memory. */
  storage?: KeyValueStorage;
  /** Override fetch (tests, custom agents). */
  fetch?: FetchLike;
  /** Reconnection schedule; default 2 s base, 30 s cap, full jitter (tests use a faster one). */
  backoff?: BackoffOptions;
  /** Extra socket.io-client options (tests: `transports`). */
  socketOptions?: Record<string, unknown>;
  /** How long an ack may take before it counts as lost and the send is tried again (default 15 s). */
  ackTimeoutMs?: number;
}
