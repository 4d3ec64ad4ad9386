/**
 * What one client address or one connection may cost the Socket.IO side,
 * before any of its packets is decoded:
 * - connections per address (on this node): over `maxConnectionsPerIp`, the
 *   engine handshake is refused;
 * - packets per connection: every packet spends from a {@link PacketBudget} as it
 *   arrives. A connection that overspends is not answered event by event (a
 *   refusal costs nearly what serving does) but cut: its sockets get
 *   `server:closing {reason:'rate_limited'}`, the WebSocket stops being read
 *   at once and is destroyed a moment later (see hangUpOnClose). Its
 *   address and users then cool down (handshakes refused `rate_limited` with
 *   `retryAfterMs`) so it cannot simply come back and go on.
 * The budget is several times what the per-event limits allow: a client that is
 * merely fast meets those first and gets answers it can act on.
 * - handshakes refused again and again: a user refused `quota_exceeded` more
 *   than {@link QUOTA_REFUSALS_BEFORE_COOLDOWN} times within
 *   {@link QUOTA_REFUSAL_WINDOW_SECONDS} (the SDK's backoff never comes close)
 *   cools down with its address, like a flooder. Each such attempt costs a
 *   WebSocket upgrade, a token check and a refusal; a script retrying a hundred
 *   sockets every second made that a stall of tens of milliseconds each second
 *   (docs/performance.md, "Abuse").
 * - refusals ignored: a connection that keeps sending inside the waits its
 *   refusals told it (ignored-refusals.ts) is cut the same way.
 * While an address cools down, its upgrades get no answer at all, before
 * engine.io sees them ({@link FloodGuard.refuseEarly}): the cheapest refusal there is.
 */
import type { IncomingMessage } from 'node:http';
import type { UserRef } from '@parley/protocol';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { Cooldown } from '../rate-limits/cooldown.js';
import { windowLimiter } from '../rate-limits/rate-limiter.js';
import { IgnoredRefusals } from './ignored-refusals.js';
import { PacketBudget } from './packet-budget.js';

/** The part of an engine.io connection the guard uses. */
export interface GuardedConnection {
  readonly request: IncomingMessage;
  /** The current transport; over WebSocket, `socket` is the `ws` WebSocket. */
  readonly transport?: { readonly name: string; readonly socket?: { pause?(): void; terminate?(): void } };
  on(event: 'packet', listener: (packet: { type: string }) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  close(discard?: boolean): void;
}

/** The raw connection of an upgrade request, as the guard holds it. */
export interface HeldSocket {
  pause(): unknown;
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/** The part of a namespace socket the guard uses. */
export interface GuardedSocket {
  readonly conn: unknown;
  readonly data: { user: UserRef };
  emit(event: 'server:closing', payload: { reason: 'rate_limited' }): unknown;
}

export interface FloodGuardOptions {
  /** Packets per second per connection (burst twice that); 0 = no budget. */
  packetsPerSecond: number;
  /** 0 = no cap. */
  maxConnectionsPerIp: number;
  /** Where cut addresses and users wait (FLOOD_COOLDOWN_SECONDS); `noCooldown` turns cutting for ignored refusals off. */
  cooldown: Cooldown;
  /** Hold upgrades from cooling addresses instead of closing them at once (the tarpit is on: REFUSAL_DELAY_MS > 0). */
  holdUpgrades: boolean;
  log: Logger;
  metrics: Metrics;
}

/** Quota refusals one user may get within the window before the user and its address cool down. */
export const QUOTA_REFUSALS_BEFORE_COOLDOWN = 10;
export const QUOTA_REFUSAL_WINDOW_SECONDS = 10;
/** Longest an upgrade from a cooling address is held before it is closed. */
export const UPGRADE_HOLD_MS = 10_000;
/** Upgrades held at once, on this node; past that they are closed at once. */
export const MAX_HELD_UPGRADES = 1_000;
/** Cooling addresses remembered for the early refusal; past this, expired ones are dropped. */
const COOLING_MEMORY = 10_000;

/** How long a WebSocket the server closes has to receive what was written last before it is destroyed. */
const HANG_UP_GRACE_MS = 500;

/** The `ws` WebSocket under an engine connection, when that is its transport. */
function websocketOf(conn: GuardedConnection): { pause(): void; terminate(): void } | undefined {
  const ws = conn.transport?.name === 'websocket' ? conn.transport.socket : undefined;
  return ws?.pause && ws.terminate ? (ws as { pause(): void; terminate(): void }) : undefined;
}

/**
 * A server-side close of a WebSocket (a flood cut, a Socket.IO protocol error, a shutdown) is a close
 * handshake: `ws` waits up to 30 s for the client's answer while still parsing every frame it sends, and
 * engine.io decodes each one only to drop it — a client that never answers could keep a core busy for 30 s
 * (measured: bench abuse scenario, docs/performance.md). A well-behaved client answers within a round trip;
 * past a short grace the TCP connection is destroyed (terminate() is a no-op on one already closed).
 */
function hangUpOnClose(conn: GuardedConnection): void {
  const close = conn.close.bind(conn);
  conn.close = (discard?: boolean) => {
    close(discard);
    const ws = websocketOf(conn);
    if (ws) setTimeout(() => ws.terminate(), HANG_UP_GRACE_MS).unref();
  };
}

/** Cooldown keys: an address and a user never collide. */
export const cooldownKey = {
  ip: (ip: string) => `ip:${ip}`,
  user: (id: string) => `user:${id}`,
};

export class FloodGuard {
  readonly #options: FloodGuardOptions;
  readonly #perIp = new Map<string, number>();
  readonly #sockets = new WeakMap<object, Set<GuardedSocket>>();
  readonly #cut = new WeakSet<object>();
  /** Each engine connection's client address (watch). */
  readonly #ips = new WeakMap<object, string>();
  readonly #ignored = new WeakMap<object, IgnoredRefusals>();
  /** Addresses known to this node to be cooling down, until when (epoch ms): checked without a promise. */
  readonly #coolingUntil = new Map<string, number>();
  /** Quota refusals per user, counted in this node's memory. */
  readonly #quotaRefusals = windowLimiter(
    QUOTA_REFUSALS_BEFORE_COOLDOWN,
    QUOTA_REFUSAL_WINDOW_SECONDS,
    'quota-refusals',
    'handshakes refused quota_exceeded again and again',
  );
  /** Upgrades from cooling addresses, held unanswered. */
  readonly #held = new Set<HeldSocket>();

  constructor(options: FloodGuardOptions) {
    this.#options = options;
  }

  /**
   * Before anything else reads an upgrade request: when its address is known here to be cooling down, refuses it
   * and returns true. Engine.io's own refusal runs its checks, answers a JSON body and closes: several times the
   * cost, which a client reconnecting hundreds of sockets a second turns into stalls for everyone. So the upgrade
   * gets no answer at all: with the tarpit on (`holdUpgrades`) the connection is held, unread, for the rest of
   * the cooldown (at most {@link UPGRADE_HOLD_MS}, at most {@link MAX_HELD_UPGRADES} at once) and then closed —
   * a script that retries as soon as it is refused is slowed to one attempt per hold, and its retries stop
   * arriving in bursts; otherwise, or when full, it is closed at once. Clients see a transport error and back
   * off, as they do for engine.io's refusals (measured: docs/performance.md, "Abuse").
   */
  refuseEarly(ip: string, socket: HeldSocket): boolean {
    const until = this.#coolingUntil.get(ip);
    if (until === undefined) return false;
    const left = until - Date.now();
    if (left <= 0) {
      this.#coolingUntil.delete(ip);
      return false;
    }
    this.#options.metrics.rateLimited.inc({ kind: 'cooldown' });
    if (!this.#options.holdUpgrades || this.#held.size >= MAX_HELD_UPGRADES) {
      socket.destroy();
      return true;
    }
    this.#held.add(socket);
    socket.pause();
    const timer = setTimeout(() => socket.destroy(), Math.min(left, UPGRADE_HOLD_MS));
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.#held.delete(socket);
    });
    return true;
  }

  /** Closes every held upgrade (shutdown: nothing waits on them). */
  close(): void {
    for (const socket of this.#held) socket.destroy();
    this.#held.clear();
  }

  /**
   * After a namespace handshake was refused: a user refused `quota_exceeded` again and again (a script retrying
   * sockets over MAX_SOCKETS_PER_USER) cools down, with the address it keeps trying from.
   */
  handshakeRefused(code: string, ip: string, userId: string | undefined): void {
    if (code !== 'quota_exceeded' || !userId) return;
    this.#quotaRefusals.consume(userId).catch((error: unknown) => {
      if (!(error instanceof AppError)) return;
      this.#options.log.warn({ ip, userId }, 'user and address cooling down: handshakes refused quota_exceeded again and again');
      this.#coolDown([cooldownKey.ip(ip), cooldownKey.user(userId)], ip);
    });
  }

  /**
   * Before an engine handshake from `ip`.
   * @throws AppError quota_exceeded (too many connections from it) | rate_limited (cooling down)
   */
  async admit(ip: string): Promise<void> {
    const cap = this.#options.maxConnectionsPerIp;
    if (cap > 0 && (this.#perIp.get(ip) ?? 0) >= cap) {
      this.#options.metrics.quotaRefused.inc({ kind: 'connections_per_ip' });
      throw AppError.refusal('quota_exceeded', `too many connections from this address (at most ${cap})`);
    }
    try {
      await this.#options.cooldown.check(cooldownKey.ip(ip));
    } catch (error) {
      // Imposed by another node (or before a restart): remember it here too, for the early refusal.
      const retryAfterMs = error instanceof AppError ? error.extra.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) this.#remember(ip, retryAfterMs);
      throw error;
    }
  }

  /** Every engine connection, once it is open: counts it for its address and spends its packets. */
  watch(conn: GuardedConnection, ip: string): void {
    hangUpOnClose(conn);
    this.#ips.set(conn, ip);
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    conn.once('close', () => {
      const left = (this.#perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.#perIp.set(ip, left);
      else this.#perIp.delete(ip);
    });
    const perSecond = this.#options.packetsPerSecond;
    if (perSecond <= 0) return;
    const budget = new PacketBudget(perSecond, perSecond * 2);
    conn.on('packet', (packet) => {
      // Heartbeats are the transport's own; everything a client says is a `message` packet.
      if (packet.type === 'message' && !budget.take()) this.#cutOff(conn, ip, 'it sent packets faster than PACKET_RATE_LIMIT');
    });
  }

  /** An acked event of `socket` was refused `rate_limited` with `retryAfterMs`: cut when such waits are ignored. */
  eventRefused(socket: GuardedSocket, event: string, retryAfterMs: number | undefined): void {
    if (this.#options.cooldown.seconds <= 0) return;
    const conn = socket.conn as GuardedConnection;
    let refusals = this.#ignored.get(conn);
    if (!refusals) this.#ignored.set(conn, (refusals = new IgnoredRefusals()));
    if (refusals.refused(event, retryAfterMs)) this.#cutOff(conn, this.#ips.get(conn) ?? '', 'it kept sending inside the waits its refusals told it');
  }

  /** Every namespace socket: a cut connection's users cool down too, wherever they reconnect from. */
  track(socket: GuardedSocket): void {
    const conn = socket.conn as object;
    let sockets = this.#sockets.get(conn);
    if (!sockets) this.#sockets.set(conn, (sockets = new Set()));
    sockets.add(socket);
  }

  #cutOff(conn: GuardedConnection, ip: string, why: string): void {
    if (this.#cut.has(conn)) return;
    this.#cut.add(conn);
    const sockets = [...(this.#sockets.get(conn) ?? [])];
    const users = [...new Set(sockets.map((socket) => socket.data.user.id))];
    this.#options.log.warn({ ip, users }, `connection cut: ${why}`);
    this.#options.metrics.floodCuts.inc();
    // A flooder's frames in flight stay in the kernel's buffer, never parsed; writing still works.
    websocketOf(conn)?.pause();
    for (const socket of sockets) socket.emit('server:closing', { reason: 'rate_limited' });
    // Not a discard: the closing notices are written first; the connection is destroyed after a grace.
    conn.close();
    this.#coolDown([cooldownKey.ip(ip), ...users.map(cooldownKey.user)], ip);
  }

  #coolDown(keys: readonly string[], ip: string): void {
    if (this.#options.cooldown.seconds > 0) this.#remember(ip, this.#options.cooldown.seconds * 1000);
    Promise.all(keys.map((key) => this.#options.cooldown.impose(key))).catch((error: unknown) =>
      this.#options.log.warn({ err: error }, 'could not record the flood cooldown'),
    );
  }

  #remember(ip: string, forMs: number): void {
    const now = Date.now();
    if (this.#coolingUntil.size >= COOLING_MEMORY) {
      for (const [key, until] of this.#coolingUntil) if (until <= now) this.#coolingUntil.delete(key);
      // Still full: an attacker with that many addresses; the shared cooldown still refuses them, a bit later.
      if (this.#coolingUntil.size >= COOLING_MEMORY) return;
    }
    this.#coolingUntil.set(ip, now + forMs);
  }
}
