/**
 * A TCP gate between the nodes and PostgreSQL, for trying a database outage
 * without touching the machine's server: `cut()` drops every open connection
 * and refuses new ones (as a database that died, or a network gone bad),
 * `restore()` lets connections through again.
 */
import net from 'node:net';

export class TcpGate {
  readonly #server: net.Server;
  readonly #target: { host: string; port: number };
  readonly #open = new Set<net.Socket>();
  #cut = false;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  /** Listens on a free port of 127.0.0.1 and forwards to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpGate> {
    const gate = new TcpGate(target);
    await new Promise<void>((resolve) => gate.#server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  get isCut(): boolean {
    return this.#cut;
  }

  /** Drops every connection now (a reset, as when the far side dies) and refuses new ones until restore(). */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#open) socket.resetAndDestroy();
    this.#open.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    if (this.#cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.#target.port, this.#target.host);
    for (const socket of [client, upstream]) {
      this.#open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.#open.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
