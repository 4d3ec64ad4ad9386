/**
 * Client for the bare-ws baseline (src/servers/ws-relay.ts). Its frames are
 * JSON objects, one per websocket message:
 *   client → server  {"t":"req","id":7,"event":"message:send","payload":{…}}
 *   server → client  {"t":"ack","id":7,"payload":{…}}  |  {"t":"evt","event":"message:new","payload":{…}}
 */
import WebSocket from 'ws';
import { ConnectError, REQUEST_TIMEOUT_MS, type BenchConnection } from './connection.ts';
import { EventTally } from './event-tally.ts';
import { PendingAcks } from './pending-acks.ts';

/** Prefix of every server event frame; the relay writes it byte for byte. */
export const WS_EVENT_PREFIX = '{"t":"evt","event":"';

export interface WsConnectOptions {
  url: string;
  localAddress?: string;
  timeoutMs?: number;
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
  readonly #acks = new PendingAcks();
  readonly #events = new EventTally();
  #closeListener: ((reason: string) => void) | undefined;
  #closedByUs = false;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: WebSocket.RawData) => this.#onFrame(data.toString()));
    socket.on('error', () => {
      // 'close' follows and reports the drop.
    });
    socket.on('close', (code) => {
      const reason = this.#closedByUs ? 'client close' : `transport close (${code})`;
      this.#acks.failAll(reason);
      if (!this.#closedByUs) this.#closeListener?.(reason);
    });
  }

  request(event: string, payload: unknown): Promise<unknown> {
    if (this.#socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('connection is closed'));
    return this.#acks.request(event, (id) => this.#socket.send(JSON.stringify({ t: 'req', id, event, payload })));
  }

  on(event: string, listener: (payload: unknown) => void): void {
    this.#events.on(event, listener);
  }

  eventCount(event: string): number {
    return this.#events.count(event);
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
      this.#events.arrived(name, () => (JSON.parse(text) as { payload: unknown }).payload);
      return;
    }
    const frame = JSON.parse(text) as { t: string; id: number; payload: unknown };
    if (frame.t === 'ack') this.#acks.resolve(frame.id, frame.payload);
  }
}
