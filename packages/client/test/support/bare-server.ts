/**
 * A bare Socket.IO server speaking just enough of Parley's /chat handshake to
 * play servers the real one is not: an older node without `auth:renew`
 * (answers `unknown_event`, cuts each socket when its token expires), or an
 * overloaded one that accepts every handshake and drops it at once.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export interface BareServer {
  url: string;
  /** The token of every handshake, in order. */
  handshakes: string[];
  /** Sockets the server closed because their token expired. */
  expiryCuts: number;
  dropOnConnect: boolean;
  /**
   * Tells every socket `server:closing {reason:'shutdown'}`, then, `closeAfterMs` later (50 by default), stops
   * listening (the node is restarting).
   */
  shutdown(closeAfterMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const state: BareServer = {
    url: '', handshakes: [], expiryCuts: 0, dropOnConnect: false, shutdown: async () => undefined, close: async () => undefined,
  };
  const chat = io.of('/chat');
  chat.use((socket, next) => {
    const token = String((socket.handshake.auth as { token?: unknown }).token);
    state.handshakes.push(token);
    socket.data.exp = expiry(token);
    next();
  });
  chat.on('connection', (socket) => {
    if (state.dropOnConnect) {
      socket.disconnect(true);
      return;
    }
    const exp = socket.data.exp as number | null;
    if (exp !== null) {
      const timer = setTimeout(() => {
        state.expiryCuts++;
        socket.emit('server:closing', { reason: 'token_expired' });
        socket.disconnect(true);
      }, Math.max(0, exp - Date.now()));
      socket.once('disconnect', () => clearTimeout(timer));
    }
    // An older server: no event is known; acked ones are told so.
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error: { code: 'unknown_event', message: `unknown event "${event}"` } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let closed: Promise<void> | null = null;
  state.close = () => (closed ??= new Promise<void>((resolve) => io.close(() => resolve())));
  state.shutdown = async (closeAfterMs = 50) => {
    chat.emit('server:closing', { reason: 'shutdown' });
    // Let the notice reach the clients before their sockets close (a real server first lets in-flight acks go out).
    await new Promise((resolve) => setTimeout(resolve, closeAfterMs));
    await state.close();
  };
  return state;
}

/** An unsigned JWT-shaped token (the bare server does not verify) expiring in `seconds`. */
export function bareToken(subject: string, seconds: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode({ sub: subject, role: 'customer', exp: Math.floor(Date.now() / 1000) + seconds, jti: Math.random() })}.x`;
}

function expiry(token: string): number | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
