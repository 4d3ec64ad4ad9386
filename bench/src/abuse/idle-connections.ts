/**
 * Flood 4 — idle connections: `idleConnections` raw TCP connections to the
 * server that never send a byte, each reopened as soon as the server closes
 * it, so the attacker holds as many as it can for the whole window. The
 * server is expected to close each after FIRST_REQUEST_TIMEOUT_MS (10 s).
 *
 * A raw TCP connection cannot carry `X-Forwarded-For`: these come from
 * 127.0.0.1, which the `parley-defaults` target trusts as its proxy, so the
 * per-address cap (MAX_CONNECTIONS_PER_IP) does not count them — behind
 * HAProxy that cap is HAProxy's (deploy/haproxy.cfg, per source address).
 * What this flood measures is the silent-connection timeout and the cost of
 * thousands of sockets opening, idling and being reaped. Each is one open file
 * in the attacker and one in the server: keep the count well inside the
 * machine's open-file limit (20,000 on the development machine).
 */
import net from 'node:net';
import { Tally, type AttackReport, type Flood, type FloodPlan } from './flood.ts';

/** Connects in flight at once: enough to open thousands in a second or two without overrunning the accept backlog. */
const CONNECT_CONCURRENCY = 200;

export class IdleConnectionsFlood implements Flood {
  readonly #plan: FloodPlan;
  readonly #tally = new Tally();
  readonly #sockets = new Set<net.Socket>();
  #running = false;
  #startedAt = 0;
  #stoppedAt = 0;
  #connecting = 0;
  #opened = 0;
  #peak = 0;
  /** How long the server kept each connection it closed, in ms. */
  #heldMs: number[] = [];

  constructor(plan: FloodPlan) {
    this.#plan = plan;
  }

  async prepare(): Promise<void> {
    // Nothing to prepare: a silent connection needs no account.
  }

  start(): void {
    this.#running = true;
    this.#startedAt = performance.now();
    this.#fill();
  }

  async stop(): Promise<AttackReport> {
    this.#running = false;
    this.#stoppedAt = performance.now();
    for (const socket of this.#sockets) socket.destroy();
    const seconds = (this.#stoppedAt - this.#startedAt) / 1000;
    const held = [...this.#heldMs].sort((a, b) => a - b);
    return {
      seconds,
      rate: { label: 'TCP connections opened', unit: 'connections/s', perSecond: this.#opened / seconds },
      counts: {
        'TCP connections opened': this.#opened,
        'most held open at once': this.#peak,
        ...this.#tally.toRecord(),
        ...(held.length ? { 'median time the server kept one (ms)': Math.round(held[Math.floor(held.length / 2)]!) } : {}),
      },
    };
  }

  /** Opens connections until `idleConnections` are open or connecting. */
  #fill(): void {
    const target = this.#plan.sizes.idleConnections;
    while (this.#running && this.#sockets.size + this.#connecting < target && this.#connecting < CONNECT_CONCURRENCY) this.#open();
  }

  #open(): void {
    const { hostname, port } = new URL(this.#plan.url);
    this.#connecting++;
    const socket = net.connect({ host: hostname, port: Number(port) });
    let openedAt: number | undefined;
    socket.once('connect', () => {
      this.#connecting--;
      openedAt = performance.now();
      this.#opened++;
      this.#sockets.add(socket);
      this.#peak = Math.max(this.#peak, this.#sockets.size);
      this.#fill();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.#running) this.#tally.add(`errors: ${error.code ?? error.message}`);
    });
    socket.once('close', () => {
      if (!this.#running) return;
      // Whatever happened, the attacker opens another in its place; after a failed connect, not in a hot loop.
      if (openedAt === undefined) {
        this.#connecting--;
        setTimeout(() => this.#fill(), 10);
        return;
      }
      this.#sockets.delete(socket);
      this.#tally.add('closed by the server');
      this.#heldMs.push(performance.now() - openedAt);
      setImmediate(() => this.#fill());
    });
  }
}
