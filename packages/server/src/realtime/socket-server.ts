/**
 * The Socket.IO side: the server on Fastify's HTTP server, the adapter chosen
 * at start (in-memory, or Redis streams when REDIS_URL is set), the /chat and
 * /admin namespaces with handshake auth, per-socket lifecycle (rooms, token
 * expiry, presence) and the broadcaster.
 */
import type { Server as HttpServer } from 'node:http';
import { Limits, Namespaces as NamespaceNames, Rooms } from '@parley/protocol';
import type { AdminClientToServerEvents, ChatClientToServerEvents } from '@parley/protocol';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../app-context.js';
import { clientIp, compileTrust } from '../http/client-ip.js';
import { corsOrigin, originAllowed } from '../http/cors.js';
import { adminEvents } from './admin-events.js';
import { authEvents } from './auth-events.js';
import { Broadcaster } from './broadcaster.js';
import { conversationEvents, joinEvents } from './conversation-events.js';
import { bindEvents, type BoundEvent } from './event-binding.js';
import { eventTable } from './event-table.js';
import { handshakeAuth } from './handshake-auth.js';
import type { Inflight } from './inflight.js';
import { namespacesOf, type Namespaces, type ParleySocket } from './namespaces.js';
import { burstyLimiter } from './rate-limits.js';
import { createRedisAdapter, type AdapterHandle } from './redis-adapter.js';
import { guardSessionRecovery } from './session-recovery.js';
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
  const trust = compileTrust(ctx.config.trustProxy);
  // Raw engine.io handshakes never reach Fastify's limiter nor the namespace middleware: limit them per IP here.
  // Twice the namespace limit, so that a well-behaved client is refused by the middleware (with a code) first.
  const engineLimiter = burstyLimiter(ctx.config.handshakeRateLimit * 2, 'engine-handshakes');
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: Limits.MAX_FRAME_BYTES,
    cors: { origin: corsOrigin(ctx.config.corsOrigins) },
    allowRequest: (req, callback) => {
      // CORS does not apply to WebSocket upgrades: check the Origin of browsers here, for every transport.
      if (!originAllowed(req, ctx.config.corsOrigins)) return callback('origin not allowed', false);
      engineLimiter.consume(clientIp(req, trust)).then(
        () => callback(null, true),
        () => {
          ctx.metrics.rateLimited.inc({ kind: 'engine_handshake' });
          callback('too many connections from this address', false);
        },
      );
    },
    // Unknown namespaces are answered by a catch-all parent (below); its children are dropped once empty.
    cleanupEmptyChildNamespaces: true,
    connectionStateRecovery:
      ctx.config.recoveryWindowMs > 0
        ? // Middlewares run again on recovery, but only after the missed packets went out: see session-recovery.ts.
          { maxDisconnectionDuration: ctx.config.recoveryWindowMs, skipMiddlewares: false }
        : undefined,
  });
  let adapter: AdapterHandle | null = null;
  if (ctx.config.redisUrl) {
    adapter = await createRedisAdapter(ctx.config.redisUrl, ctx.config.redisPrefix, ctx.log);
    io.adapter(adapter.adapter);
  }

  const nsps: Namespaces = namespacesOf(io);
  if (ctx.config.recoveryWindowMs > 0) {
    for (const nsp of [nsps.chat, nsps.admin]) guardSessionRecovery(nsp, (user) => ctx.auth.currentUser(user), ctx.log);
  }
  const broadcaster = new Broadcaster(nsps, ctx.events, ctx.store, ctx.presence, ctx.log);
  const deps = { metrics: ctx.metrics, inflight, isClosing: ctx.isClosing, eventLimiter: burstyLimiter(ctx.config.eventRateLimit, 'events') };
  const handshakeLimiter = burstyLimiter(ctx.config.handshakeRateLimit, 'handshakes');
  const limiters = {
    message: burstyLimiter(ctx.config.rateLimitMessages, 'messages'),
    join: burstyLimiter(ctx.config.joinRateLimit, 'joins'),
  };
  const handshake = {
    auth: ctx.auth,
    limiter: handshakeLimiter,
    trust,
    log: ctx.log,
    isClosing: ctx.isClosing,
    onRefused: (code: string) => {
      if (code === 'rate_limited') ctx.metrics.rateLimited.inc({ kind: 'handshake' });
    },
  };

  // The main namespace and any other name are not part of the contract: refuse them with a code.
  const refuseNamespace = (_socket: Socket, next: (err?: Error) => void) => {
    const refusal = new Error('use the /chat or /admin namespace') as Error & { data: object };
    refusal.data = { code: 'not_found', message: refusal.message };
    next(refusal);
  };
  io.of('/').use(refuseNamespace);
  io.of(/^\/(?!(chat|admin)$).+$/).use(refuseNamespace);
  nsps.chat.use(handshakeAuth(['customer'], handshake));
  nsps.admin.use(handshakeAuth(['agent', 'admin'], handshake));

  const conversation = conversationEvents(ctx, nsps, limiters.message);
  const join = joinEvents(ctx, limiters.join);
  const auth = authEvents(ctx.auth);
  // Checked against the protocol's maps: a missing or extra event, or a wrong ack shape, does not compile.
  const chatEvents = eventTable<ChatClientToServerEvents>()({ ...conversation, ...join.chat, ...auth });
  const staffEvents = eventTable<AdminClientToServerEvents>()({
    ...conversation,
    ...join.admin,
    ...auth,
    ...adminEvents(ctx, (agentId, status) => void broadcaster.publishPresence(agentId, status)),
  });

  const onConnection = (namespace: string, events: Readonly<Record<string, BoundEvent>>) => (socket: ParleySocket) => {
    const user = socket.data.user;
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
  nsps.chat.on('connection', onConnection(NamespaceNames.Chat, chatEvents));
  nsps.admin.on('connection', onConnection(NamespaceNames.Admin, staffEvents));

  return {
    io,
    nsps,
    announceShutdown() {
      // `.local`: with the Redis adapter a plain emit reaches every node's sockets, and only this node is going away.
      nsps.chat.local.emit('server:closing', { reason: 'shutdown' });
      nsps.admin.local.emit('server:closing', { reason: 'shutdown' });
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
