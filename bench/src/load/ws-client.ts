/**
 * Client for the bare-ws baseline (src/servers/ws-relay.ts). Its frames are
 * JSON objects, one per websocket message:
 *   client → server  {"t":"req","id":7,"event":"message:send","payload":{…}}
 *   server → client  {"t":"ack","id":7,"payload":{…}}  |  {"t":"evt","event":"message:new","payload":{…}}
 */
import WebSocket from 'ws';
import { ConnectError, REQUEST_TIMEOUT_MS, type BenchConnection } from './connection.ts';

/** Prefix of every server event frame; the relay writes it byte for byte. */
export const WS_EVENT_PREFIX = '{"t":"evt","event":"';

export interface WsConnectOptions {
  url: string;
  localAddress?: string;
  timeoutMs?: number;
}

interface PendingAck {
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Opens a websocket to the bare-ws relay. */
export function connectWs(options: WsConnectOptions): Promise<BenchConnection> {
  const socket = new WebSocket(options.url.replace(/^http/, 'ws') + '/ws', {
    perMessageDeflate: false,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new ConnectError('connect timeout'));
    }, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(new WsConnection(socket));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new ConnectError(error.message));
    });
  });
}

class WsConnection implements BenchConnection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, PendingAck>();
  readonly #listeners = new Map<string, (payload: unknown) => void>();
  readonly #counts = new Map<string, number>();
  #closeListener: ((reason: string) => void) | undefined;
  #nextId = 0;
  #closedByUs = false;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: WebSocket.RawData) => this.#onFrame(data.toString()));
    socket.on('error', () => {
      // 'close' follows and reports the drop.
    });
    socket.on('close', (code) => {
      const reason = this.#closedByUs ? 'client close' : `transport close (${code})`;
      for (const [id, pending] of this.#pending) {
        clearTimeout(pending.timer);
        pending.reject(new Error(`connection closed before ack: ${reason}`));
        this.#pending.delete(id);
      }
      if (!this.#closedByUs) this.#closeListener?.(reason);
    });
  }

  request(event: string, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.#socket.readyState !== WebSocket.OPEN) {
        reject(new Error('connection is closed'));
        return;
      }
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no ack for ${event} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      this.#socket.send(JSON.stringify({ t: 'req', id, event, payload }));
    });
  }

  on(event: string, listener: (payload: unknown) => void): void {
    this.#listeners.set(event, listener);
  }

  eventCount(event: string): number {
    return this.#counts.get(event) ?? 0;
  }

  onClose(listener: (reason: string) => void): void {
    this.#closeListener = listener;
  }

  close(): void {
    if (this.#closedByUs) return;
    this.#closedByUs = true;
    this.#socket.close();
  }

  #onFrame(text: string): void {
    if (text.startsWith(WS_EVENT_PREFIX)) {
      const end = text.indexOf('"', WS_EVENT_PREFIX.length);
      const name = text.slice(WS_EVENT_PREFIX.length, end);
      this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
      const listener = this.#listeners.get(name);
      if (listener) listener((JSON.parse(text) as { payload: unknown }).payload);
      return;
    }
    const frame = JSON.parse(text) as { t: string; id: number; payload: unknown };
    if (frame.t !== 'ack') return;
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    this.#pending.delete(frame.id);
    clearTimeout(pending.timer);
    pending.resolve(frame.payload);
  }
}
