/**
 * A TCP proxy between a client and the server that a test can break on
 * purpose: cut every connection now, cut in the middle of the next chunk going
 * up (client → server, mid-send) or down (server → client, mid-receive), refuse
 * new connections for a while (server "down"), hold everything flowing one
 * way and release it later (a stalled link that stays open), or point at
 * another port (a restarted server). HTTP, long polling and websockets all pass through, since
 * it only moves bytes.
 */
import net from 'node:net';

type Direction = 'up' | 'down';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<Pair>();
  #targetPort: number;
  #refusing = false;
  #armed: { direction: Direction; done: () => void } | null = null;
  #holding: Direction | null = null;
  #held: Array<{ target: net.Socket; chunk: Buffer }> = [];
  /** How many connections were cut on purpose. */
  cuts = 0;
  /** How many connections were accepted in total. */
  accepted = 0;

  private constructor(targetPort: number) {
    this.#targetPort = targetPort;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections currently open through the proxy. */
  get open(): number {
    return this.#pairs.size;
  }

  /** Sends new connections to another port (a server restarted elsewhere). */
  setTarget(port: number): void {
    this.#targetPort = port;
  }

  /** Destroys every open connection at once, like a dropped network. */
  cutAll(): void {
    for (const pair of [...this.#pairs]) this.#destroy(pair);
  }

  /** While true, new connections are accepted and immediately reset (server unreachable). */
  refuse(refusing: boolean): void {
    this.#refusing = refusing;
  }

  /**
   * Arms a cut in the middle of the next chunk flowing in `direction`: half of
   * it is forwarded, then both sides are destroyed. Resolves once it happened.
   */
  cutMidNext(direction: Direction): Promise<void> {
    return new Promise((done) => {
      this.#armed = { direction, done };
    });
  }

  /** Buffers every chunk flowing in `direction` (the link stalls but stays open) until release(). */
  hold(direction: Direction): void {
    this.#holding = direction;
  }

  /** Delivers what hold() buffered, in order, and lets traffic flow again. */
  release(): void {
    this.#holding = null;
    for (const { target, chunk } of this.#held.splice(0)) if (!target.destroyed) target.write(chunk);
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    this.accepted++;
    client.setNoDelay(true);
    if (this.#refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.#targetPort, '127.0.0.1');
    upstream.setNoDelay(true);
    const pair: Pair = { client, upstream };
    this.#pairs.add(pair);
    client.on('data', (chunk: Buffer) => this.#forward(pair, 'up', chunk));
    upstream.on('data', (chunk: Buffer) => this.#forward(pair, 'down', chunk));
    const end = (): void => this.#destroy(pair, false);
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }

  #forward(pair: Pair, direction: Direction, chunk: Buffer): void {
    const target = direction === 'up' ? pair.upstream : pair.client;
    if (this.#holding === direction) {
      this.#held.push({ target, chunk });
      return;
    }
    const armed = this.#armed;
    if (armed && armed.direction === direction && chunk.length > 1) {
      this.#armed = null;
      target.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => {
        this.#destroy(pair);
        armed.done();
      });
      return;
    }
    target.write(chunk);
  }

  #destroy(pair: Pair, counted = true): void {
    if (!this.#pairs.delete(pair)) return;
    if (counted) this.cuts++;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
