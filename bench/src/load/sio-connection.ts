/**
 * The real socket.io-client behind the BenchConnection interface: the
 * reference the thin client is validated against, and the client used when
 * `--client=socket.io-client` is asked for.
 */
import { io, type Socket } from 'socket.io-client';
import { ConnectError, REQUEST_TIMEOUT_MS, type BenchConnection } from './connection.ts';

export interface SioConnectOptions {
  url: string;
  namespace: string;
  auth?: Record<string, unknown>;
  timeoutMs?: number;
}

/** Connects with socket.io-client (websocket transport only, no reconnection: the bench counts drops). */
export function connectSio(options: SioConnectOptions): Promise<BenchConnection> {
  const socket = io(options.url + (options.namespace === '/' ? '' : options.namespace), {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('connect_error');
      resolve(new SioConnection(socket));
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(new ConnectError(error.message, error.data));
    });
  });
}

class SioConnection implements BenchConnection {
  readonly #socket: Socket;
  #closedByUs = false;

  readonly #counts = new Map<string, number>();

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.onAny((event: string) => this.#counts.set(event, (this.#counts.get(event) ?? 0) + 1));
  }

  eventCount(event: string): number {
    return this.#counts.get(event) ?? 0;
  }

  request(event: string, payload: unknown): Promise<unknown> {
    return this.#socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(event, payload);
  }

  on(event: string, listener: (payload: unknown) => void): void {
    this.#socket.on(event, listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.#socket.on('disconnect', (reason) => {
      if (!this.#closedByUs) listener(reason);
    });
  }

  close(): void {
    this.#closedByUs = true;
    this.#socket.close();
  }
}
