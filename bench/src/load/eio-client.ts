/**
 * A thin Socket.IO client speaking Engine.IO v4 / Socket.IO v5 over the
 * websocket transport only. socket.io-client costs tens of kilobytes and a
 * handful of timers per socket; this holds one `ws` socket, a map of pending
 * acks and nothing else, so one process can hold 20,000 connections.
 * test/eio-client.test.ts checks it gets the same results as socket.io-client
 * against a real Parley server.
 *
 * Wire format (https://socket.io/docs/v4/socket-io-protocol/):
 *   Engine.IO packet = type digit + data: 0 open, 1 close, 2 ping, 3 pong, 4 message.
 *   Socket.IO packet (inside an Engine.IO message) = type digit [+ "/nsp,"] [+ ack id] [+ JSON]:
 *   0 CONNECT, 1 DISCONNECT, 2 EVENT, 3 ACK, 4 CONNECT_ERROR.
 */
import WebSocket from 'ws';
import { ConnectError, REQUEST_TIMEOUT_MS, type BenchConnection } from './connection.ts';
import { EventTally } from './event-tally.ts';
import { PendingAcks } from './pending-acks.ts';

export interface EioConnectOptions {
  /** Server origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Socket.IO namespace, e.g. `/chat`; `/` for the main namespace. */
  namespace: string;
  /** Sent as the CONNECT packet's payload (socket.io-client's `auth` option). */
  auth?: Record<string, unknown>;
  /** Source address to bind, to spread very many connections over several loopback IPs. */
  localAddress?: string;
  /**
   * Extra headers on the upgrade request. The abuse scenario sends `X-Forwarded-For` so that a server trusting
   * loopback as its proxy tells its clients apart, as it would behind HAProxy.
   */
  headers?: Record<string, string>;
  /** Give up on the handshake after this long. */
  timeoutMs?: number;
}

const SIO_CONNECT = '0';
const SIO_DISCONNECT = '1';
const SIO_EVENT = '2';
const SIO_ACK = '3';
const SIO_CONNECT_ERROR = '4';

/** Opens a websocket, completes the Engine.IO handshake and connects to the namespace. */
export function connectEio(options: EioConnectOptions): Promise<BenchConnection> {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const socket = new WebSocket(wsUrl, {
    perMessageDeflate: false,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return new Promise<BenchConnection>((resolve, reject) => {
    const connection = new EioConnection(socket, options.namespace);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new ConnectError(`connect timeout after ${options.timeoutMs ?? REQUEST_TIMEOUT_MS} ms`));
    }, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    connection.handshake(options.auth).then(
      () => {
        clearTimeout(timer);
        resolve(connection);
      },
      (error: unknown) => {
        clearTimeout(timer);
        socket.terminate();
        reject(error instanceof Error ? error : new ConnectError(String(error)));
      },
    );
  });
}

class EioConnection implements BenchConnection {
  readonly #socket: WebSocket;
  /** `"/chat,"`, or `""` for the main namespace, as it prefixes every packet. */
  readonly #prefix: string;
  readonly #acks = new PendingAcks();
  readonly #events = new EventTally();
  #closeListener: ((reason: string) => void) | undefined;
  #closedByUs = false;

  constructor(socket: WebSocket, namespace: string) {
    this.#socket = socket;
    this.#prefix = namespace === '/' ? '' : `${namespace},`;
  }

  handshake(auth: Record<string, unknown> | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      let connected = false;
      this.#socket.on('message', (data: WebSocket.RawData) => {
        const text = data.toString();
        const result = this.#onPacket(text, auth);
        if (result === 'connected' && !connected) {
          connected = true;
          resolve();
        } else if (result instanceof Error && !connected) {
          reject(result);
        }
      });
      this.#socket.on('error', (error) => {
        if (!connected) reject(new ConnectError(error.message));
      });
      // A handshake refused before the upgrade (engine.io's allowRequest) is a plain HTTP answer whose body is
      // the server's reason: keep it, so a refusal can be told from a network failure.
      this.#socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => reject(new ConnectError(`HTTP ${response.statusCode}: ${body}`, { status: response.statusCode, message: body })));
        response.on('error', () => reject(new ConnectError(`HTTP ${response.statusCode}`)));
      });
      this.#socket.on('close', (code) => {
        const reason = this.#closedByUs ? 'client close' : `transport close (${code})`;
        if (!connected) reject(new ConnectError(reason));
        this.#acks.failAll(reason);
        if (!this.#closedByUs) this.#closeListener?.(reason);
      });
    });
  }

  request(event: string, payload: unknown): Promise<unknown> {
    if (this.#socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('connection is closed'));
    return this.#acks.request(event, (id) => this.#socket.send(`4${SIO_EVENT}${this.#prefix}${id}${JSON.stringify([event, payload])}`));
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
    if (this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(`4${SIO_DISCONNECT}${this.#prefix}`);
      this.#socket.close();
    } else {
      this.#socket.terminate();
    }
  }

  /** Handles one Engine.IO packet; returns 'connected' or an Error when the namespace answers. */
  #onPacket(text: string, auth: Record<string, unknown> | undefined): 'connected' | Error | undefined {
    switch (text[0]) {
      case '0': // open: the Engine.IO session exists, now join the namespace
        this.#socket.send(`4${SIO_CONNECT}${this.#prefix}${auth ? JSON.stringify(auth) : ''}`);
        return undefined;
      case '2': // server ping (Engine.IO v4 pings from the server side)
        this.#socket.send('3');
        return undefined;
      case '1':
        this.#socket.close();
        return undefined;
      case '4':
        return this.#onSocketIoPacket(text);
      default:
        return undefined;
    }
  }

  #onSocketIoPacket(text: string): 'connected' | Error | undefined {
    const type = text[1];
    let i = 2;
    if (this.#prefix !== '') {
      // Packets for another namespace cannot arrive: one connection, one namespace.
      if (!text.startsWith(this.#prefix, i)) return undefined;
      i += this.#prefix.length;
    }
    switch (type) {
      case SIO_EVENT: {
        // Read the event name without parsing the payload: heavy fan-out sends
        // many events the scenario does not listen to.
        if (text.charCodeAt(i) !== 91 /* [ */ || text.charCodeAt(i + 1) !== 34 /* " */) return undefined;
        const end = text.indexOf('"', i + 2);
        const name = text.slice(i + 2, end);
        this.#events.arrived(name, () => (JSON.parse(text.slice(i)) as unknown[])[1]);
        return undefined;
      }
      case SIO_ACK: {
        let j = i;
        while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const id = Number(text.slice(i, j));
        // Parse only an ack someone still waits for.
        if (this.#acks.has(id)) this.#acks.resolve(id, (JSON.parse(text.slice(j)) as unknown[])[0]);
        return undefined;
      }
      case SIO_CONNECT:
        return 'connected';
      case SIO_CONNECT_ERROR: {
        const body = text.length > i ? (JSON.parse(text.slice(i)) as { message?: string; data?: unknown }) : {};
        return new ConnectError(body.message ?? 'connect_error', body.data);
      }
      case SIO_DISCONNECT:
        this.#socket.close();
        return undefined;
      default:
        return undefined;
    }
  }
}
