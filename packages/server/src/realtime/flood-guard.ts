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
 */
import type { IncomingMessage } from 'node:http';
import type { UserRef } from '@parley/protocol';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { Cooldown } from '../rate-limits/cooldown.js';
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
  cooldown: Cooldown;
  log: Logger;
  metrics: Metrics;
}

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

  constructor(options: FloodGuardOptions) {
    this.#options = options;
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
    await this.#options.cooldown.check(cooldownKey.ip(ip));
  }

  /** Every engine connection, once it is open: counts it for its address and spends its packets. */
  watch(conn: GuardedConnection, ip: string): void {
    hangUpOnClose(conn);
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
      if (packet.type === 'message' && !budget.take()) this.#cutOff(conn, ip);
    });
  }

  /** Every namespace socket: a cut connection's users cool down too, wherever they reconnect from. */
  track(socket: GuardedSocket): void {
    const conn = socket.conn as object;
    let sockets = this.#sockets.get(conn);
    if (!sockets) this.#sockets.set(conn, (sockets = new Set()));
    sockets.add(socket);
  }

  #cutOff(conn: GuardedConnection, ip: string): void {
    if (this.#cut.has(conn)) return;
    this.#cut.add(conn);
    const sockets = [...(this.#sockets.get(conn) ?? [])];
    const users = [...new Set(sockets.map((socket) => socket.data.user.id))];
    this.#options.log.warn({ ip, users }, 'connection cut: it sent packets faster than PACKET_RATE_LIMIT');
    this.#options.metrics.floodCuts.inc();
    // A flooder's frames in flight stay in the kernel's buffer, never parsed; writing still works.
    websocketOf(conn)?.pause();
    for (const socket of sockets) socket.emit('server:closing', { reason: 'rate_limited' });
    // Not a discard: the closing notices are written first; the connection is destroyed after a grace.
    conn.close();
    const keys = [cooldownKey.ip(ip), ...users.map(cooldownKey.user)];
    Promise.all(keys.map((key) => this.#options.cooldown.impose(key))).catch((error: unknown) =>
      this.#options.log.warn({ err: error }, 'could not record the flood cooldown'),
    );
  }
}
