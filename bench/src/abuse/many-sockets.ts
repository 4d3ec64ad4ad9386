/**
 * Flood 2 — many sockets, each within the per-connection limits, all from
 * one address:
 * - `typingSockets` sockets of ONE visitor token, joined to its own query,
 *   each sending `typingPerSecond` `typing` events (alternating true/false,
 *   so none is a repeat the server could coalesce by state alone);
 * - `messageSockets` sockets of visitors of their own, each joined to its own
 *   query and sending `messagesPerSecond` messages of `bodyChars` characters.
 * Each socket alone stays under the per-connection limits (packets, events,
 * messages per second); together they are what one address can throw at the
 * server. Sockets the server refuses (one user holds at most
 * MAX_SOCKETS_PER_USER) try again every {@link RETRY_MS}, as an attacker would.
 *
 * Preparation, before the quiet window: the visitors are signed in from the
 * attacker's sign-in addresses, their queries opened, and the sockets
 * connected at the pace the handshake limit allows (HANDSHAKE_RATE_LIMIT, 20
 * a second per address); a handshake refused `rate_limited` waits the
 * `retryAfterMs` it is given. The typing user's sockets are connected until its
 * cap (MAX_SOCKETS_PER_USER) is met; the rest are the flood's to retry.
 */
// The clientIds Parley's SDK makes (UUIDv7), which the server's idempotency index is laid out for.
import { newClientId } from '@parley/client';
import { mapLimit, sleep } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { connectCustomerFrom, openQuery, signInVisitor } from './client-identity.ts';
import { attackBody, refusalKind, Tally, VISITORS_PER_ADDRESS, type AttackReport, type Flood, type FloodPlan } from './flood.ts';

/** Between connect attempts of a refused socket during the flood. */
export const RETRY_MS = 1000;
/** Connects and REST calls in flight while preparing. */
const PREPARE_CONCURRENCY = 8;

interface Member {
  token: string;
  queryId: string;
  kind: 'typing' | 'messages';
  socket?: BenchConnection;
  connecting?: boolean;
  timer?: NodeJS.Timeout;
}

export class ManySocketsFlood implements Flood {
  readonly #plan: FloodPlan;
  readonly #tally = new Tally();
  readonly #members: Member[] = [];
  readonly #body: string;
  #running = false;
  #startedAt = 0;
  #stoppedAt = 0;
  #sent = 0;
  #retries: NodeJS.Timeout | undefined;
  /**
   * The typing user met its socket cap while preparing: the rest of its sockets are left to the flood's retries.
   * Preparing past it would only cool the address down (a user refused quota_exceeded again and again does)
   * before the quiet window.
   */
  #capMet = false;

  constructor(plan: FloodPlan) {
    this.#plan = plan;
    this.#body = attackBody(plan.sizes.bodyChars);
  }

  async prepare(): Promise<void> {
    const { url, address, signInAddresses, sizes } = this.#plan;
    const visitors = (sizes.typingSockets > 0 ? 1 : 0) + sizes.messageSockets;
    const tokens = await mapLimit(Array.from({ length: visitors }), PREPARE_CONCURRENCY, (_, i) =>
      signInVisitor(url, signInAddresses[Math.floor(i / VISITORS_PER_ADDRESS)]!, `Many sockets ${i}`),
    );
    const queries = await mapLimit(tokens, PREPARE_CONCURRENCY, (token, i) => openQuery(url, address, token, `Many sockets ${i}`, attackBody(100)));
    if (sizes.typingSockets > 0) {
      const [token, queryId] = [tokens.shift()!, queries.shift()!];
      for (let i = 0; i < sizes.typingSockets; i++) this.#members.push({ token, queryId, kind: 'typing' });
    }
    tokens.forEach((token, i) => this.#members.push({ token, queryId: queries[i]!, kind: 'messages' }));
    // Message sockets first: each is a user of its own, so every one of them gets in.
    const ordered = [...this.#members].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'messages' ? -1 : 1));
    await mapLimit(ordered, PREPARE_CONCURRENCY, async (member) => {
      if (!this.#capMet) await this.#connect(member, 'prepare');
    });
  }

  start(): void {
    this.#running = true;
    this.#startedAt = performance.now();
    for (const member of this.#members) {
      // Spread evenly: the sockets do not all fire on the same tick.
      if (member.socket) setTimeout(() => this.#send(member), Math.random() * this.#interval(member));
    }
    this.#retries = setInterval(() => {
      for (const member of this.#members) if (!member.socket) void this.#connect(member, 'flood');
    }, RETRY_MS);
  }

  async stop(): Promise<AttackReport> {
    this.#running = false;
    this.#stoppedAt = performance.now();
    clearInterval(this.#retries);
    for (const member of this.#members) {
      clearInterval(member.timer);
      member.socket?.close();
    }
    const seconds = (this.#stoppedAt - this.#startedAt) / 1000;
    return {
      seconds,
      rate: { label: 'typing events and messages sent', unit: 'events/s', perSecond: this.#sent / seconds },
      counts: this.#tally.toRecord(),
    };
  }

  #interval(member: Member): number {
    const { typingPerSecond, messagesPerSecond } = this.#plan.sizes;
    return 1000 / (member.kind === 'typing' ? typingPerSecond : messagesPerSecond);
  }

  /** One connect attempt (preparation: retried while the handshake limit says wait). */
  async #connect(member: Member, phase: 'prepare' | 'flood'): Promise<void> {
    if (member.connecting) return;
    member.connecting = true;
    try {
      await this.#tryConnect(member, phase);
    } finally {
      member.connecting = false;
    }
  }

  async #tryConnect(member: Member, phase: 'prepare' | 'flood'): Promise<void> {
    const { url, address } = this.#plan;
    for (let attempt = 0; ; attempt++) {
      try {
        const socket = await connectCustomerFrom(url, address, member.token);
        const joined = (await socket.request('query:join', { queryId: member.queryId })) as { ok?: boolean };
        if (joined?.ok !== true) throw new Error(`query:join refused ${JSON.stringify(joined)}`);
        if (phase === 'flood' && !this.#running) return socket.close();
        socket.onClose(() => {
          if (member.socket !== socket) return;
          this.#tally.add(`${member.kind} sockets dropped by the server`);
          clearInterval(member.timer);
          member.socket = undefined;
        });
        member.socket = socket;
        this.#tally.add(`${member.kind} sockets connected (${phase})`);
        if (phase === 'flood' && this.#running) this.#send(member);
        return;
      } catch (error) {
        const kind = refusalKind(error);
        if (phase === 'prepare' && kind === 'quota_exceeded') this.#capMet = true;
        const retryAfterMs = (error as { data?: { retryAfterMs?: number } }).data?.retryAfterMs;
        // Preparing, an attacker waits out the handshake limits (the namespace's, with retryAfterMs, and the
        // engine's, a bare HTTP 400): it wants its sockets in before it starts.
        const wait = kind === 'rate_limited' || kind.includes('engine-handshakes');
        if (phase === 'prepare' && wait && attempt < 50) {
          await sleep((retryAfterMs ?? 200) + 10);
          continue;
        }
        this.#tally.add(`${member.kind} connects refused (${phase}): ${kind}`);
        return;
      }
    }
  }

  /** Sends one event now and one every interval after, counting the answers. */
  #send(member: Member): void {
    const fire = () => {
      const socket = member.socket;
      if (!this.#running || !socket) return;
      this.#sent++;
      const [event, payload] =
        member.kind === 'typing'
          ? ['typing', { queryId: member.queryId, typing: this.#sent % 2 === 0 }]
          : ['message:send', { queryId: member.queryId, clientId: newClientId(), body: this.#body }];
      this.#tally.add(`${event} sent`);
      socket.request(event, payload).then(
        (ack) => {
          if (!this.#running) return;
          const { ok, error } = (ack ?? {}) as { ok?: boolean; error?: { code?: string } };
          this.#tally.add(ok === true ? `${event} acked ok` : `${event} refused: ${error?.code ?? 'no code'}`);
        },
        () => {
          if (this.#running) this.#tally.add(`${event} unanswered (connection closed)`);
        },
      );
    };
    fire();
    member.timer = setInterval(fire, this.#interval(member));
  }
}
