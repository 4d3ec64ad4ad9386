/**
 * Flood 1 — one fast socket: a visitor's /chat socket, joined to its own
 * query, writing `typing` frames (no acks) at `fastSocketFramesPerSecond`,
 * as the attacker of issue 14 did at about 160,000 a second. The frames are
 * framed once in advance and written in chunks, so the attacker spends its CPU
 * on nothing but the write: what the server must read is as much as the
 * socket carries. Typing alternates true/false, so that no two in a row are
 * repeats the server could coalesce.
 *
 * The server is expected to cut the connection (`server:closing
 * {reason:'rate_limited'}`) once it spends its packet budget, and to refuse
 * the attacker's address and user for FLOOD_COOLDOWN_SECONDS. Like a script,
 * the attacker ignores the websocket close, keeps writing until the TCP
 * connection is gone, then reconnects every {@link RECONNECT_DELAY_MS} with the
 * same token from the same address, and floods again whenever it gets in.
 */
import { Namespaces, PROTOCOL_VERSION } from '@parley/protocol';
import { forwardedFor, openQuery, signInVisitor } from './client-identity.ts';
import { attackBody, refusalKind, Tally, type AttackReport, type Flood, type FloodPlan } from './flood.ts';
import { clientTextFrame, RawSocketIo } from './raw-socket-io.ts';

/** Frames written per `write` call: about 90 KB, well past a socket's high-water mark, so writes queue in the kernel. */
const FRAMES_PER_CHUNK = 1000;
/** How often the pacer wakes up to write what is due. */
const PACE_MS = 5;
/** Between reconnect attempts: a persistent attacker, not a handshake flood (that is another attack). */
export const RECONNECT_DELAY_MS = 250;

export class FastSocketFlood implements Flood {
  readonly #plan: FloodPlan;
  readonly #tally = new Tally();
  #token = '';
  #queryId = '';
  #chunk: Buffer = Buffer.alloc(0);
  #socket: RawSocketIo | undefined;
  #running = false;
  #startedAt = 0;
  #stoppedAt = 0;
  /** Frames handed to the kernel since the flood started. */
  #written = 0;
  #closingAt: number | undefined;
  #writtenAtClosing: number | undefined;
  #loop: Promise<void> = Promise.resolve();

  constructor(plan: FloodPlan) {
    this.#plan = plan;
  }

  async prepare(): Promise<void> {
    const { url, address, signInAddresses } = this.#plan;
    this.#token = await signInVisitor(url, signInAddresses[0]!, 'Fast socket');
    this.#queryId = await openQuery(url, address, this.#token, 'Fast socket', attackBody(100));
    const frames: Buffer[] = [];
    for (let i = 0; i < FRAMES_PER_CHUNK; i++) {
      frames.push(clientTextFrame(`42${Namespaces.Chat},${JSON.stringify(['typing', { queryId: this.#queryId, typing: i % 2 === 0 }])}`));
    }
    this.#chunk = Buffer.concat(frames);
    this.#socket = await this.#connect();
  }

  start(): void {
    this.#running = true;
    this.#startedAt = performance.now();
    this.#loop = this.#run();
  }

  async stop(): Promise<AttackReport> {
    this.#running = false;
    this.#stoppedAt = performance.now();
    this.#socket?.destroy();
    await this.#loop;
    const seconds = (this.#stoppedAt - this.#startedAt) / 1000;
    if (this.#closingAt !== undefined) this.#tally.add('first server:closing after (ms)', Math.round(this.#closingAt - this.#startedAt));
    if (this.#writtenAtClosing !== undefined) this.#tally.add('frames written after the first server:closing', this.#written - this.#writtenAtClosing);
    return {
      seconds,
      rate: { label: 'typing frames written', unit: 'frames/s', perSecond: this.#written / seconds },
      counts: { 'typing frames written': this.#written, ...this.#tally.toRecord() },
    };
  }

  async #connect(): Promise<RawSocketIo> {
    const { url, address } = this.#plan;
    const { hostname, port } = new URL(url);
    const socket = await RawSocketIo.connect({
      host: hostname,
      port: Number(port),
      namespace: Namespaces.Chat,
      auth: { token: this.#token, protocol: PROTOCOL_VERSION },
      headers: forwardedFor(address),
      timeoutMs: 10_000,
    });
    const joined = (await socket.request('query:join', { queryId: this.#queryId })) as { ok?: boolean };
    if (joined?.ok !== true) throw new Error(`fast socket: query:join refused ${JSON.stringify(joined)}`);
    socket.on('server:closing', (payload) => {
      const reason = (payload as { reason?: string })?.reason ?? 'unknown';
      this.#tally.add(`server:closing ${reason}`);
      if (!this.#running || this.#closingAt !== undefined) return;
      this.#closingAt = performance.now();
      this.#writtenAtClosing = this.#written;
    });
    return socket;
  }

  /** Floods on the open socket until the server ends it, then reconnects and floods again, until stopped. */
  async #run(): Promise<void> {
    while (this.#running) {
      const socket = this.#socket;
      if (socket?.open) {
        await this.#flood(socket);
        if (!this.#running) {
          // Still open when the window closed: how long the server had kept reading after its close frame.
          if (socket.closeFrameAt !== undefined) this.#tally.add('connection still open at the end, ms after the close frame', Math.round(this.#stoppedAt - socket.closeFrameAt));
          return;
        }
        this.#tally.add('connections ended by the server');
        if (socket.closeFrameAt !== undefined) this.#tally.add('ms from close frame to TCP close', Math.round(performance.now() - socket.closeFrameAt));
        this.#socket = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
      if (!this.#running) return;
      try {
        const socket = await this.#connect();
        if (!this.#running) return socket.destroy();
        this.#socket = socket;
        this.#tally.add('reconnects accepted');
      } catch (error) {
        this.#tally.add(`reconnects refused: ${refusalKind(error)}`);
      }
    }
  }

  /** Writes chunks at the planned rate (or as fast as the socket drains) until the socket closes or the flood stops. */
  #flood(socket: RawSocketIo): Promise<void> {
    const perMs = this.#plan.sizes.fastSocketFramesPerSecond / 1000;
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve();
      };
      void socket.closed.then(finish);
      // Paced from when this socket starts: a reconnected socket goes on at the planned rate, not with a backlog.
      const base = performance.now();
      let scheduled = 0;
      const pace = () => {
        if (done) return;
        if (!this.#running || !socket.open) return finish();
        const due = (performance.now() - base) * perMs;
        while (scheduled + FRAMES_PER_CHUNK <= due) {
          scheduled += FRAMES_PER_CHUNK;
          const more = socket.write(this.#chunk, () => (this.#written += FRAMES_PER_CHUNK));
          if (!more) return socket.onDrain(pace);
        }
        setTimeout(pace, PACE_MS);
      };
      pace();
    });
  }
}
