import { PROTOCOL_VERSION } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

export type AnySocket = Socket;

/** Opens a socket and resolves once connected; rejects with the connect_error (its `data` holds the code). */
export function connect(
  baseUrl: string,
  namespace: '/chat' | '/admin' | string,
  auth: Record<string, unknown> | undefined,
  options: { transports?: string[]; reconnection?: boolean } = {},
): Promise<Socket> {
  const socket = io(baseUrl + namespace, {
    auth: auth ?? {},
    forceNew: true,
    reconnection: options.reconnection ?? false,
    transports: options.transports ?? ['websocket'],
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function connectAs(baseUrl: string, namespace: '/chat' | '/admin', token: string, options?: Parameters<typeof connect>[3]) {
  return connect(baseUrl, namespace, { token, protocol: PROTOCOL_VERSION }, options);
}

/** Emits with an ack and resolves with the response (rejects after timeoutMs). */
export function call<T = any>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
}

/** Resolves with the next `event` whose payload matches. */
export function next<T = any>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Records every `event` payload from now on. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Waits until check() is true (polling), or fails after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Like {@link until}, for a check that has to ask the server (a REST read). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
