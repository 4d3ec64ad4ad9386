/**
 * The Socket.IO side: the server on Fastify's HTTP server, the adapter chosen
 * at start (in-memory, or Redis streams when REDIS_URL is set), the /chat and
 * /admin namespaces with handshake auth, per-socket lifecycle (rooms, token
 * expiry, presence) and the broadcaster.
 */
import type { Server as HttpServer } from 'node:http';
import { Limits, Namespaces as NamespaceNames, Rooms, type UserRef } from '@parley/protocol';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../app-context.js';
import { corsOrigin } from '../http/app.js';
import { adminEvents } from './admin-events.js';
import { authEvents } from './auth-events.js';
import { Broadcaster } from './broadcaster.js';
import { conversationEvents } from './conversation-events.js';
import { bindEvents, type EventSpec } from './event-binding.js';
import { handshakeAuth } from './handshake-auth.js';
import type { Inflight } from './inflight.js';
import type { Namespaces } from './namespaces.js';
import { burstyLimiter } from './rate-limits.js';
import { createRedisAdapter, type AdapterHandle } from './redis-adapter.js';
import { TokenExpiry } from './token-expiry.js';

interface EngineConnection {
  readyState: string;
  once(event: 'close', listener: () => void): void;
  close(): void;
}

export interface SocketServer {
  io: Server;
  nsps: Namespaces;
  /** Tells every socket why it is about to close. */
  announceShutdown(): void;
  /** Disconnects every socket and releases the adapter. */
  close(): Promise<void>;
}

export async function createSocketServer(httpServer: HttpServer, ctx: AppContext, inflight: Inflight): Promise<SocketServer> {
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: Limits.MAX_FRAME_BYTES,
    cors: { origin: corsOrigin(ctx.config.corsOrigins) },
    connectionStateRecovery:
      ctx.config.recoveryWindowMs > 0
        ? // Middlewares run again on recovery, so an expired or revoked token is still refused.
          { maxDisconnectionDuration: ctx.config.recoveryWindowMs, skipMiddlewares: false }
        : undefined,
  });
  let adapter: AdapterHandle | null = null;
  if (ctx.config.redisUrl) {
    adapter = await createRedisAdapter(ctx.config.redisUrl, ctx.log);
    io.adapter(adapter.adapter);
  }

  const nsps: Namespaces = { chat: io.of(NamespaceNames.Chat), admin: io.of(NamespaceNames.Admin) } as unknown as Namespaces;
  const broadcaster = new Broadcaster(nsps, ctx.events, ctx.store, ctx.presence, ctx.log);
  const deps = { metrics: ctx.metrics, inflight, isClosing: ctx.isClosing };
  const handshakeLimiter = burstyLimiter(ctx.config.handshakeRateLimit, 'handshakes');
  const messageLimiter = burstyLimiter(ctx.config.rateLimitMessages, 'messages');
  const handshake = {
    auth: ctx.auth,
    limiter: handshakeLimiter,
    trustProxy: ctx.config.trustProxy,
    isClosing: ctx.isClosing,
    onRefused: (code: string) => {
      if (code === 'rate_limited') ctx.metrics.rateLimited.inc({ kind: 'handshake' });
    },
  };

  // The main namespace is not part of the contract.
  io.of('/').use((_socket, next) => {
    const refusal = new Error('use the /chat or /admin namespace') as Error & { data: object };
    refusal.data = { code: 'not_found', message: refusal.message };
    next(refusal);
  });
  nsps.chat.use(handshakeAuth(['customer'], handshake));
  nsps.admin.use(handshakeAuth(['agent', 'admin'], handshake));

  const chatEvents = { ...conversationEvents(ctx, nsps, messageLimiter), ...authEvents(ctx.auth) };
  const staffEvents: Record<string, EventSpec> = {
    ...chatEvents,
    ...adminEvents(ctx, (agentId, status) => void broadcaster.publishPresence(agentId, status)),
  };

  const onConnection = (namespace: string, events: Record<string, EventSpec>) => (socket: Socket) => {
    const user = socket.data.user as UserRef;
    const log = ctx.log.child({ socketId: socket.id, userId: user.id, nsp: namespace });
    ctx.metrics.connectedSockets.inc({ namespace });
    void socket.join(Rooms.user(user.id));
    if (namespace === NamespaceNames.Admin) {
      void socket.join(Rooms.queue);
      const changed = ctx.presence.connected(user.id);
      if (changed) void broadcaster.publishPresence(user.id, changed);
    }
    const expiry = new TokenExpiry(() => {
      log.info('token expired: closing the socket');
      socket.emit('server:closing', { reason: 'token_expired' });
      socket.disconnect(true);
    });
    expiry.schedule(socket.data.exp as number);
    socket.once('disconnect', (reason) => {
      expiry.cancel();
      ctx.metrics.connectedSockets.dec({ namespace });
      log.debug({ reason }, 'socket disconnected');
      if (namespace === NamespaceNames.Admin) {
        const changed = ctx.presence.disconnected(user.id);
        if (changed) void broadcaster.publishPresence(user.id, changed);
      }
    });
    bindEvents({ socket, user, log, expiry }, events, deps);
    log.debug({ recovered: socket.recovered }, 'socket connected');
  };
  nsps.chat.on('connection', onConnection(NamespaceNames.Chat, chatEvents) as never);
  nsps.admin.on('connection', onConnection(NamespaceNames.Admin, staffEvents) as never);

  return {
    io,
    nsps,
    announceShutdown() {
      nsps.chat.emit('server:closing', { reason: 'shutdown' });
      nsps.admin.emit('server:closing', { reason: 'shutdown' });
    },
    async close() {
      broadcaster.close();
      // Close each engine connection after its buffered packets (last acks, server:closing) are written.
      // A transport close, unlike a namespace disconnect, lets clients reconnect by themselves.
      const conns = Object.values((io.engine as unknown as { clients: Record<string, EngineConnection> }).clients);
      await Promise.all(
        conns.map(
          (conn) =>
            new Promise<void>((resolve) => {
              if (conn.readyState === 'closed') return resolve();
              const timer = setTimeout(resolve, 2000);
              conn.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              conn.close();
            }),
        ),
      );
      io.engine.close();
      for (const nsp of [nsps.chat, nsps.admin]) await nsp.adapter.close();
      await adapter?.close();
    },
  };
}
