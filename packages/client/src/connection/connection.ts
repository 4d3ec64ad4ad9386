/**
 * The live socket and its reconnection schedule.
 *
 * socket.io-client's own reconnection is turned off (`reconnection: false`) and
 * replaced by this schedule, because we need what it cannot give: full jitter
 * (its `randomizationFactor` only spreads ±x% around each exponential step, so
 * a mass disconnect still returns in waves), a visible `nextRetryAt`, retries
 * after the server refuses a handshake (socket.io never retries a middleware
 * `connect_error`), a token renewal between attempts, and the browser's
 * online/offline events. The Socket object is kept and re-`connect()`ed, so
 * listeners are registered once.
 *
 * A renewed token reaches the live socket through `auth:renew`, so the server
 * does not cut it when the token it was admitted with expires (see live-renewal.ts).
 */
import { PROTOCOL_VERSION, type AckedEventName, type AckOf, type ErrorBody, type PayloadOf, type ServerClosingEvent } from '@parley/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { isTransient, ParleyError, toErrorBody } from '../errors.js';
import { WritableStore, type ReadableStore } from '../store.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ConnectionStatus } from './connection-status.js';
import type { TokenSource } from '../rest/parley-rest.js';
import { emitWithAck, type EventsMap } from './emit-with-ack.js';
import type { LiveLink } from './live-link.js';
import { LiveRenewal, type RenewEvents } from './live-renewal.js';

/** What the connection needs from the client that owns it. */

/** How long one connection attempt (transport + Socket.IO handshake) may take. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Who hears the link come and go (the client). */
export interface ConnectionListener<Listen extends EventsMap> {
  online(socket: Socket<Listen>): void;
  offline(): void;
}

export interface ConnectionOptions<Listen extends EventsMap = EventsMap> {
  /** Server origin + namespace, e.g. `https://support.example.com/admin`. */
  url: string;
  /**
   * The session's token (read on every handshake, so a renewed token is used at once), and its renewal when
   * the server refuses it: true once a new one is in place, false to give up; may reject transiently.
   */
  tokens: TokenSource;
  /** Told each time the socket is (re)connected (re-join, let the outbox send) and each time it is lost. */
  listener: ConnectionListener<Listen>;
  backoff?: BackoffOptions;
  random?: () => number;
  /** How long an ack may take before it counts as lost (then `request` resolves null). */
  ackTimeoutMs?: number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

/** After `server:closing {reason:'shutdown'}`, the first retry draws from [0, base·2^2] (8 s by default). */
const SHUTDOWN_FIRST_ATTEMPT = 2;

/**
 * For this long after `server:closing {reason:'shutdown'}`, a failed attempt is retried within [0, base] (2 s by
 * default) instead of an ever longer backoff: the node is restarting (or the balancer is moving its clients), and
 * a client that failed twice while it was down would otherwise wait up to 30 s more once it is back — 5,000
 * clients took 21 s to all return after a restart (docs/performance.md, scenario 4). The first retry's wide
 * window still spreads the crowd; refused attempts while the server is down cost it nothing.
 */
const RESTART_WINDOW_MS = 60_000;

/** Handshake refusals that no retry or renewal can fix. */
const FATAL = new Set<ErrorBody['code']>(['unauthorized', 'forbidden', 'incompatible_protocol', 'invalid_credentials']);

/** An ack not back after this long is treated as lost: the outbox sends again (same clientId, so harmless). */
export const ACK_TIMEOUT_MS = 15_000;

/**
 * The live socket: connects, reconnects on its own schedule, reports its status. Typed by its namespace's
 * event maps (`Listen`: server → client, `Emit`: client → server), which it also offers as a {@link LiveLink}.
 */
export class Connection<Listen extends EventsMap, Emit extends EventsMap> implements LiveLink<Emit> {
  readonly #status = new WritableStore<ConnectionStatus>({ state: 'offline', reason: 'stopped' });
  readonly #options: ConnectionOptions<Listen>;
  readonly #renewal: LiveRenewal;
  #socket: Socket<Listen, Emit> | null = null;
  #attempt = 0;
  /** Until when failed attempts are retried quickly, after a shutdown notice (0: no notice). */
  #restartUntil = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stableTimer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #renewBeforeNextAttempt = false;
  /** The token the current socket was admitted with (or last renewed to): the server cuts the socket when *it* expires. */
  #handshakeToken: string | null = null;
  #detachBrowser: (() => void) | null = null;

  constructor(options: ConnectionOptions<Listen>) {
    this.#options = options;
    this.#renewal = new LiveRenewal({
      getToken: () => options.tokens.token,
      admittedToken: () => this.#handshakeToken,
      onRenewed: (token) => {
        this.#handshakeToken = token;
      },
      plannedReconnect: () => this.#plannedReconnect(),
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /** Where the link stands, for a status bar. */
  get status(): ReadableStore<ConnectionStatus> {
    return this.#status;
  }

  /** The socket while connected, else null: nothing is ever emitted into socket.io's offline buffer. */
  get socket(): Socket<Listen, Emit> | null {
    return this.#socket?.connected ? this.#socket : null;
  }

  /** This connection as the renewal uses it: every Parley namespace has `auth:renew`. */
  get #renewLink(): LiveLink<RenewEvents> {
    return this as unknown as LiveLink<RenewEvents>;
  }

  get online(): boolean {
    return this.socket !== null;
  }

  request<E extends AckedEventName<Emit>>(event: E, payload: PayloadOf<Emit[E]>): Promise<AckOf<Emit, E> | null> {
    return emitWithAck(this.socket, this.#options.ackTimeoutMs ?? ACK_TIMEOUT_MS, event, payload);
  }

  notify<E extends keyof Emit & string>(event: E, payload: PayloadOf<Emit[E]>): void {
    // Typed by this method's signature; socket.io cannot resolve a generic event's parameters.
    (this.socket as Socket | null)?.emit(event, payload);
  }

  /** Starts connecting; a no-op while running. After `auth_failed` or stop() it starts again. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    this.#attachBrowser();
    if (isBrowserOffline()) {
      this.#status.set({ state: 'offline', reason: 'browser_offline' });
      return;
    }
    this.#open();
  }

  /** Closes the socket and stops every timer; status becomes offline/stopped. */
  stop(): void {
    this.#halt();
    this.#status.set({ state: 'offline', reason: 'stopped' });
  }

  /** Skips the wait before the next attempt ("retry now" buttons). */
  reconnectNow(): void {
    if (!this.#running || this.#socket?.connected) return;
    this.#attempt = 0;
    // An attempt may be stuck in a handshake that will never finish (made while the network
    // was cut, or swallowed by a proxy): socket.connect() would join it and wait out its
    // timeout. The user asked for now, so start afresh.
    this.#discardSocket();
    this.#open();
  }

  #discardSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    // Only this Socket's listeners: its Manager is ours alone (forceNew).
    socket.removeAllListeners();
    socket.disconnect();
  }

  /**
   * The token changed (renewed ahead of expiry): hand it to the live socket with
   * `auth:renew` so the server keeps it open. Nothing to do while disconnected:
   * the next handshake reads the new token anyway.
   */
  tokenRenewed(): void {
    if (this.online) this.#renewal.renew(this.#renewLink);
  }

  #open(): void {
    this.#clearTimer();
    const socket = (this.#socket ??= this.#createSocket());
    if (socket.connected) return;
    // An attempt is under way: say so, rather than a "next try at" that is already in the past.
    this.#status.set({ state: 'connecting' });
    socket.connect();
  }

  #createSocket(): Socket<Listen, Emit> {
    // io() cannot know which namespace's maps the URL serves: they are asserted here, once.
    const socket: Socket = io(this.#options.url, {
      // Our schedule, not socket.io's: see the file comment.
      reconnection: false,
      autoConnect: false,
      // Websocket first (no sticky-session need, one round trip), long polling if it is blocked.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // socket.io-client shares one Manager per origin: without this, two clients in one page
      // (an agent console and a customer preview) share a connection and one's close() deafens the other.
      forceNew: true,
      // A handshake that has not finished by then is not going to: fail it and follow our schedule.
      timeout: HANDSHAKE_TIMEOUT_MS,
      // Behind a load balancer, the long-polling transport's requests must all reach the node that holds the
      // session: the balancer pins them with a cookie. Browsers send it with credentials (the server allows
      // them for its CORS origins; Parley itself puts nothing in cookies), and socket.io-client in Node keeps
      // cookies only with this flag (without it, polling through HAProxy fails at once with `xhr post error`).
      withCredentials: true,
      auth: (cb: (data: object) => void) => {
        this.#handshakeToken = this.#options.tokens.token;
        cb({ token: this.#handshakeToken, protocol: PROTOCOL_VERSION });
      },
      ...this.#options.socketOptions,
    });
    const typed = socket as unknown as Socket<Listen, Emit>;
    socket.on('connect', () => {
      // Only a connection that stays up earns a fresh schedule: a server that accepts and then
      // drops (overloaded, crashing) must see its clients back off, not return in a tight loop.
      this.#clearStable();
      this.#stableTimer = setTimeout(() => {
        this.#stableTimer = null;
        this.#attempt = 0;
        this.#restartUntil = 0;
      }, (this.#options.backoff ?? DEFAULT_BACKOFF).stableAfterMs ?? DEFAULT_BACKOFF.stableAfterMs!);
      this.#status.set({ state: 'online' });
      this.#options.listener.online(typed as unknown as Socket<Listen>);
      // The token may have been renewed while the handshake was in flight.
      this.#renewal.renew(this.#renewLink);
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      // A transport failure (server down) carries no data: treat it as "unavailable, try later".
      const body = error.data ? toErrorBody(error.data) : { code: 'unavailable' as const, message: error.message };
      void this.#afterFailure(body);
    });
    socket.on('server:closing', (event: ServerClosingEvent) => {
      // Usually the token was already renewed ahead of time and only the socket's admission
      // expired: reconnecting with the current token is enough.
      if (event.reason === 'token_expired' && this.#options.tokens.token === this.#handshakeToken) this.#renewBeforeNextAttempt = true;
      // A node shutting down drops everyone at once and its replacement needs a moment:
      // start the schedule a few steps up so the crowd spreads over seconds.
      if (event.reason === 'shutdown') {
        // This connection is going away: it must not turn "stable" while the server drains and wipe the schedule
        // set here (a client connected just before a restart then backed off up to 15 s: scenario 4).
        this.#clearStable();
        this.#attempt = Math.max(this.#attempt, SHUTDOWN_FIRST_ATTEMPT);
        this.#restartUntil = Date.now() + RESTART_WINDOW_MS;
      }
    });
    socket.on('disconnect', (reason: string) => {
      this.#clearStable();
      this.#renewal.cancel();
      this.#options.listener.offline();
      // "io client disconnect" is our own stop()/offline/planned handling; everything else is a loss to repair.
      if (reason === 'io client disconnect' || !this.#running) return;
      void this.#afterFailure({ code: 'unavailable', message: `connection lost (${reason})` });
    });
    return typed;
  }

  /** Fallback for servers without `auth:renew`: reconnect now, on purpose, with the new token. */
  #plannedReconnect(): void {
    const socket = this.#socket;
    if (!this.#running || !socket?.connected) return;
    socket.disconnect();
    this.#open();
  }

  async #afterFailure(error: ErrorBody): Promise<void> {
    if (!this.#running) return;
    if (FATAL.has(error.code)) {
      this.#giveUp(error);
      return;
    }
    if (error.code === 'token_expired' || error.code === 'invalid_token' || this.#renewBeforeNextAttempt) {
      this.#renewBeforeNextAttempt = false;
      // Renewal may wait on a sign-in prompt: show that something is happening.
      this.#status.set({ state: 'connecting' });
      try {
        if (!(await this.#options.tokens.renew())) {
          this.#giveUp(error);
          return;
        }
      } catch (renewError) {
        const body = toErrorBody(renewError, 'unavailable');
        if (!(renewError instanceof ParleyError && isTransient(body))) {
          this.#giveUp(body);
          return;
        }
        // Server unreachable while renewing: retry later, and renew again then.
        this.#renewBeforeNextAttempt = true;
      }
    }
    this.#scheduleRetry(error);
  }

  #scheduleRetry(lastError: ErrorBody): void {
    if (!this.#running || isBrowserOffline()) return;
    this.#clearTimer();
    const backoff = this.#options.backoff ?? DEFAULT_BACKOFF;
    // In a restart window, every retry after the first one draws from the first window again.
    const restarting = this.#attempt > SHUTDOWN_FIRST_ATTEMPT && Date.now() < this.#restartUntil;
    const jittered = backoffDelay(restarting ? 0 : this.#attempt, backoff, this.#options.random);
    const delay = Math.max(jittered, lastError.retryAfterMs ?? 0);
    this.#attempt++;
    this.#status.set({ state: 'reconnecting', attempt: this.#attempt, nextRetryAt: Date.now() + delay, lastError });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#running) this.#open();
    }, delay);
  }

  /** The server refused us for good: stop entirely (no browser `online` may revive the refused token). */
  #giveUp(error: ErrorBody): void {
    this.#halt();
    this.#status.set({ state: 'offline', reason: 'auth_failed', error });
  }

  #halt(): void {
    this.#running = false;
    this.#clearTimer();
    this.#clearStable();
    this.#renewal.cancel();
    this.#detachBrowser?.();
    this.#detachBrowser = null;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      // Only this Socket's listeners: the Manager is ours too (forceNew), and disconnecting its
      // last socket closes it; nothing shared is touched.
      socket.removeAllListeners();
      if (socket.connected) {
        socket.disconnect();
        this.#options.listener.offline();
      } else {
        socket.disconnect();
      }
    }
  }

  #clearTimer(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #clearStable(): void {
    if (this.#stableTimer) clearTimeout(this.#stableTimer);
    this.#stableTimer = null;
  }

  #attachBrowser(): void {
    if (this.#detachBrowser) return;
    const target = (globalThis as { window?: Pick<Window, 'addEventListener' | 'removeEventListener'> }).window;
    if (!target?.addEventListener) return;
    const offline = (): void => {
      if (!this.#running) return;
      this.#clearTimer();
      // Waiting for the socket's own timeout would show "online" for seconds while nothing gets through.
      if (this.#socket?.connected) this.#socket.disconnect();
      this.#status.set({ state: 'offline', reason: 'browser_offline' });
    };
    const online = (): void => {
      // Browsers also fire `online` on network changes while the socket is fine: nothing to repair.
      if (!this.#running || this.#socket?.connected) return;
      this.#attempt = 0;
      // A small random delay still: a whole office's Wi-Fi coming back is a mass reconnect too.
      this.#scheduleRetry({ code: 'unavailable', message: 'network back' });
    };
    target.addEventListener('offline', offline);
    target.addEventListener('online', online);
    this.#detachBrowser = () => {
      target.removeEventListener('offline', offline);
      target.removeEventListener('online', online);
    };
  }
}

function isBrowserOffline(): boolean {
  const navigator = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  // Only a browser says false; Node 21+ has a navigator without onLine.
  return navigator?.onLine === false;
}
