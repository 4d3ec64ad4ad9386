/**
 * Hands a renewed token to the live socket (`auth:renew`), so the server does
 * not close it when the token it was admitted with expires: renewing ahead of
 * time then costs no reconnect, no presence flap and no re-join wave.
 *
 * A server older than the event answers `unknown_event`; then (and on any other
 * refusal or a lost ack) the socket is reconnected on purpose with the new
 * token, at a random moment before the old one expires, so a crowd that
 * renewed together does not reconnect together.
 */
import type { ChatClientToServerEvents } from '@parley/protocol';
import { tokenExpiresAt } from '../auth/session.js';
import type { LiveLink } from './live-link.js';

/** The one event this needs, which both namespaces have. */
export type RenewEvents = Pick<ChatClientToServerEvents, 'auth:renew'>;

/** The planned reconnect happens at least this long before the old token expires. */
export const PLANNED_RECONNECT_MARGIN_MS = 5_000;

export interface LiveRenewalOptions {
  getToken: () => string;
  /** The token the server currently holds for the socket. */
  admittedToken: () => string | null;
  /** The server took the new token. */
  onRenewed: (token: string) => void;
  /** Reconnect now with the current token. */
  plannedReconnect: () => void;
  random?: () => number;
  now?: () => number;
}

/** One socket's token hand-over; at most one `auth:renew` in flight. */
export class LiveRenewal {
  readonly #options: LiveRenewalOptions;
  #inFlight: string | null = null;
  #plannedTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every disconnect: an answer for an earlier connection is ignored. */
  #epoch = 0;

  constructor(options: LiveRenewalOptions) {
    this.#options = options;
  }

  /** Sends the current token over `link` if the server holds an older one. */
  renew(link: LiveLink<RenewEvents>): void {
    const token = this.#options.getToken();
    if (!link.online || token === this.#options.admittedToken() || token === this.#inFlight) return;
    this.#inFlight = token;
    const epoch = this.#epoch;
    void link.request('auth:renew', { token }).then((ack) => {
      if (epoch !== this.#epoch) return;
      this.#inFlight = null;
      if (ack?.ok) {
        this.#clearPlanned();
        this.#options.onRenewed(token);
        // Renewed again while this one was in flight.
        this.renew(link);
        return;
      }
      // unknown_event (older server), a refusal or a lost ack: fall back to a planned reconnect.
      this.#planReconnect();
    });
  }

  /** The socket is gone: forget what was in flight and any planned reconnect. */
  cancel(): void {
    this.#epoch++;
    this.#inFlight = null;
    this.#clearPlanned();
  }

  #planReconnect(): void {
    if (this.#plannedTimer) return;
    const now = (this.#options.now ?? Date.now)();
    const admitted = this.#options.admittedToken();
    const expiresAt = admitted ? tokenExpiresAt(admitted) : null;
    const window = expiresAt === null ? 0 : Math.max(0, expiresAt - now - PLANNED_RECONNECT_MARGIN_MS);
    const delay = Math.min(Math.floor((this.#options.random ?? Math.random)() * window), 2 ** 31 - 1);
    this.#plannedTimer = setTimeout(() => {
      this.#plannedTimer = null;
      this.#options.plannedReconnect();
    }, delay);
  }

  #clearPlanned(): void {
    if (this.#plannedTimer) clearTimeout(this.#plannedTimer);
    this.#plannedTimer = null;
  }
}
