/**
 * A Socket.IO client written byte by byte on a raw TCP socket, the way a
 * flooder writes one. It upgrades to a websocket and connects to a namespace
 * like any client (the server cannot tell it from one), answers pings, and
 * can then write pre-framed packets as fast as the socket takes them. It reads
 * whatever the server sends but never answers a websocket close frame: like a
 * flooding script, it stops only when the server ends the TCP connection.
 *
 * Wire formats: RFC 6455 §5.2 (client frames are masked), Engine.IO v4,
 * Socket.IO v5 (see load/eio-client.ts).
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { ConnectError } from '../load/connection.ts';
import { PendingAcks } from '../load/pending-acks.ts';

export interface RawConnectOptions {
  host: string;
  port: number;
  /** e.g. `/chat`. */
  namespace: string;
  auth: Record<string, unknown>;
  /** Extra headers on the upgrade request (`X-Forwarded-For`). */
  headers: Record<string, string>;
  timeoutMs: number;
}

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;

/** One masked client text frame, as a browser or `ws` would send it. */
export function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.alloc(header + 4 + length);
  frame[0] = 0x80 | OPCODE_TEXT; // FIN, text
  if (length < 126) {
    frame[1] = 0x80 | length;
  } else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

export class RawSocketIo {
  readonly #socket: net.Socket;
  readonly #prefix: string;
  readonly #acks = new PendingAcks(10_000);
  #buffer: Buffer = Buffer.alloc(0);
  #upgraded = false;
  /** Status of a refused upgrade: the rest of what arrives is its body, until the server closes. */
  #refusedWith: number | undefined;
  #onConnect: ((error?: Error) => void) | undefined;
  readonly #eventListeners = new Map<string, (payload: unknown) => void>();
  /** When the server's websocket close frame arrived (performance.now()); never answered. */
  closeFrameAt: number | undefined;
  /** Resolves when the TCP connection is gone, whoever ended it. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket, namespace: string) {
    this.#socket = socket;
    this.#prefix = `${namespace},`;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => {
      this.#acks.failAll('connection closed');
      const status = this.#refusedWith;
      this.#settle(status ? new ConnectError(`HTTP ${status}`, { status, message: this.#buffer.toString() }) : new ConnectError('transport close before connect'));
    });
    socket.on('error', () => {
      // 'close' follows; a reset by the server is how a flood ends.
    });
  }

  /** Upgrades, waits for Engine.IO's open packet, connects to the namespace; rejects with the server's refusal. */
  static connect(options: RawConnectOptions): Promise<RawSocketIo> {
    const socket = net.connect({ host: options.host, port: options.port });
    const client = new RawSocketIo(socket, options.namespace);
    const key = randomBytes(16).toString('base64');
    const headers = Object.entries(options.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.once('connect', () => {
      socket.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\n` +
          `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
      );
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new ConnectError(`connect timeout after ${options.timeoutMs} ms`)), options.timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      client.#onConnect = (error) => {
        clearTimeout(timer);
        if (error) fail(error);
        else resolve(client);
      };
      socket.on('data', (chunk: Buffer) => client.#onData(chunk, options.auth));
    });
  }

  /** Sends an event with an ack and waits for it (used while preparing, not while flooding). */
  request(event: string, payload: unknown): Promise<unknown> {
    return this.#acks.request(event, (id) => this.#socket.write(clientTextFrame(`42${this.#prefix}${id}${JSON.stringify([event, payload])}`)));
  }

  /** Calls `listener` with the payload of each `event` the server sends on the namespace. */
  on(event: string, listener: (payload: unknown) => void): void {
    this.#eventListeners.set(event, listener);
  }

  /** Writes already-framed bytes; `flushed` runs once they are handed to the kernel. False: wait for {@link onDrain}. */
  write(bytes: Buffer, flushed: () => void): boolean {
    if (this.#socket.destroyed) return false;
    return this.#socket.write(bytes, (error) => {
      if (!error) flushed();
    });
  }

  onDrain(listener: () => void): void {
    this.#socket.once('drain', listener);
  }

  get open(): boolean {
    return !this.#socket.destroyed;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Settles the pending connect, once. */
  #settle(error?: Error): void {
    const settle = this.#onConnect;
    this.#onConnect = undefined;
    settle?.(error);
  }

  #onData(chunk: Buffer, auth: Record<string, unknown>): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#refusedWith !== undefined) return;
    if (!this.#upgraded) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = this.#buffer.subarray(0, end).toString();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      this.#buffer = this.#buffer.subarray(end + 4);
      // engine.io refuses a handshake with a 400 whose body is allowRequest's reason, and closes: see 'close'.
      if (status !== 101) this.#refusedWith = status || 0;
      else this.#upgraded = true;
      if (!this.#upgraded) return;
    }
    for (;;) {
      if (this.#buffer.length < 2) return;
      const opcode = this.#buffer[0]! & 0x0f;
      let length = this.#buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.#buffer.length < 4) return;
        length = this.#buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.#buffer.length < 10) return;
        length = Number(this.#buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.#buffer.length < offset + length) return;
      const payload = this.#buffer.subarray(offset, offset + length);
      this.#buffer = this.#buffer.subarray(offset + length);
      if (opcode === OPCODE_TEXT) this.#onText(payload.toString(), auth);
      else if (opcode === OPCODE_CLOSE) this.closeFrameAt ??= performance.now();
    }
  }

  #onText(text: string, auth: Record<string, unknown>): void {
    switch (text[0]) {
      case '0': // Engine.IO open: join the namespace
        this.#socket.write(clientTextFrame(`40${this.#prefix}${JSON.stringify(auth)}`));
        return;
      case '2': // ping
        this.#socket.write(clientTextFrame('3'));
        return;
      case '4':
        break;
      default:
        return;
    }
    if (!text.startsWith(this.#prefix, 2)) return;
    const rest = text.slice(2 + this.#prefix.length);
    switch (text[1]) {
      case '0':
        this.#settle();
        return;
      case '4': {
        const body = JSON.parse(rest) as { message?: string; data?: unknown };
        this.#settle(new ConnectError(body.message ?? 'connect_error', body.data));
        return;
      }
      case '3': {
        const open = rest.indexOf('[');
        this.#acks.resolve(Number(rest.slice(0, open)), (JSON.parse(rest.slice(open)) as unknown[])[0]);
        return;
      }
      case '2': {
        const [event, payload] = JSON.parse(rest) as [string, unknown];
        this.#eventListeners.get(event)?.(payload);
        return;
      }
    }
  }
}
