/**
 * The Socket.IO side: the server on Fastify's HTTP server, the adapter chosen
 * at start (in-memory, or Redis streams when REDIS_URL is set), the /chat and
 * /admin namespaces with handshake auth, per-socket lifecycle (rooms, token
 * expiry, presence) and the broadcaster.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server as HttpsServer } from 'node:https';
import { Limits, Namespaces as NamespaceNames, Rooms } from '@parley/protocol';
import type { AdminClientToServerEvents, ChatClientToServerEvents } from '@parley/protocol';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../app-context.js';
import { clientIp, compileTrust } from '../http/client-ip.js';
import { corsOrigin, originAllowed } from '../http/cors.js';
import { AppError } from '../errors/app-error.js';
import { adminEvents } from './admin-events.js';
import { authEvents } from './auth-events.js';
import { conversationEvents, joinEvents } from './conversation-events.js';
import { bindEvents, type BindingDeps, type BoundEvent } from './event-binding.js';
import { eventTable } from './event-table.js';
import { handshakeAuth } from './handshake-auth.js';
import type { Inflight } from './inflight.js';
import type { SocketLimits } from './socket-limits.js';
import { namespacesOf, type Namespaces, type ParleySocket } from './namespaces.js';
import { createRedisAdapter } from './redis-adapter.js';
import { guardSessionRecovery } from './session-recovery.js';
import { TokenExpiry } from './token-expiry.js';
import { FloodGuard, type GuardedConnection } from './flood-guard.js';
import { TypingRelay } from './typing-relay.js';
import { cutConnectionsThatDoNotRead } from './output-backlog.js';
import { writeOncePerTurn } from './turn-writes.js';
import { releaseReceivedFrames } from './received-frames.js';

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
  /**
   * Checks every staff socket of this node against the store and closes those whose agent was deactivated or
   * signed out meanwhile: after a Redis outage, the broadcast of another node may have been lost.
   */
  revalidateStaff(): Promise<void>;
  /** Disconnects every socket and releases the adapter. */
  close(): Promise<void>;
}

/** What the socket side is handed by the composition root. */
export interface SocketServerDeps {
  inflight: Inflight;
  limits: SocketLimits;
}

/**
 * Puts `refuse` before engine.io's own `upgrade` listener (attached by `new Server` above): every listener of an
 * event runs, so the only way to spare engine.io a request is to be the one that calls it.
 */
function refuseCoolingUpgradesFirst(
  httpServer: HttpServer | HttpsServer,
  refuse: (req: IncomingMessage, socket: Duplex) => boolean,
): void {
  const listeners = httpServer.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  httpServer.removeAllListeners('upgrade');
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (refuse(req, socket)) return;
    for (const listener of listeners) listener.call(httpServer, req, socket, head);
  });
}

export async function createSocketServer(httpServer: HttpServer | HttpsServer, ctx: AppContext, { inflight, limits }: SocketServerDeps): Promise<SocketServer> {
  const trust = compileTrust(ctx.config.trustProxy);
  const guard = new FloodGuard({
    packetsPerSecond: ctx.config.packetRateLimit,
    maxConnectionsPerIp: ctx.config.maxConnectionsPerIp,
    cooldown: limits.cooldown,
    holdUpgrades: ctx.config.refusalDelayMs > 0,
    log: ctx.log,
    metrics: ctx.metrics,
  });
  writeOncePerTurn();
  releaseReceivedFrames();
  cutConnectionsThatDoNotRead((connectionId, bytes) =>
    ctx.log.warn({ connectionId, backlogBytes: bytes }, 'connection cut: it does not read what it is sent (output-backlog.ts)'),
  );
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: Limits.MAX_FRAME_BYTES,
    // Credentials: clients send the load balancer's sticky-session cookie (the SDK sets withCredentials).
    // No Parley credential lives in a cookie, so allowing them gives a page of an allowed origin nothing more.
    cors: { origin: corsOrigin(ctx.config.corsOrigins), credentials: true },
    allowRequest: (req, callback) => {
      // CORS does not apply to WebSocket upgrades: check the Origin of browsers here, for every transport.
      const peer = req.socket.remoteAddress ?? '';
      const request = { headers: req.headers, secure: 'encrypted' in req.socket, fromTrustedProxy: trust(peer, 0) };
      if (!originAllowed(request, ctx.config.corsOrigins)) return callback('origin not allowed', false);
      const ip = clientIp(req, trust);
      // Engine-level refusals reach clients as a bare transport error (no code): they back off and retry.
      guard
        .admit(ip)
        .then(() => limits.engineHandshakes.consume(ip))
        .then(
          () => callback(null, true),
          (error: unknown) => {
            if (error instanceof AppError && error.code === 'rate_limited') ctx.metrics.rateLimited.inc({ kind: 'engine_handshake' });
            callback(error instanceof AppError ? error.message : 'refused', false);
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
  if (ctx.redis) io.adapter(createRedisAdapter(ctx.redis, ctx.config.redisPrefix));
  refuseCoolingUpgradesFirst(httpServer, (req, socket) => guard.refuseEarly(clientIp(req, trust), socket));
  io.engine.on('connection', (conn: GuardedConnection) => guard.watch(conn, clientIp(conn.request, trust)));

  const nsps: Namespaces = namespacesOf(io);
  if (ctx.config.recoveryWindowMs > 0) {
    for (const nsp of [nsps.chat, nsps.admin]) guardSessionRecovery(nsp, (user, version) => ctx.auth.currentUser(user, version), ctx.log);
  }
  const deps: BindingDeps = {
    metrics: ctx.metrics,
    inflight,
    isClosing: ctx.isClosing,
    eventLimiter: limits.events,
    onRefused: (socket, event, retryAfterMs) => guard.eventRefused(socket, event, retryAfterMs),
  };
  const handshake = {
    auth: ctx.auth,
    limiter: limits.handshakes,
    cooldown: limits.cooldown,
    maxSocketsPerUser: ctx.config.maxSocketsPerUser,
    trust,
    log: ctx.log,
    isClosing: ctx.isClosing,
    onRefused: (code: string, ip: string, userId: string | undefined) => {
      if (code === 'rate_limited') ctx.metrics.rateLimited.inc({ kind: 'handshake' });
      if (code === 'quota_exceeded') ctx.metrics.quotaRefused.inc({ kind: 'sockets_per_user' });
      guard.handshakeRefused(code, ip, userId);
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

  const typing = new TypingRelay({ nsps, limiter: limits.typing, access: (user, queryId) => ctx.queries.access(user, queryId) });
  // Customers' messages also spend from per-minute allowances, theirs and their address's: what one customer,
  // or one address signing in many, can make the database keep.
  const customerConversation = conversationEvents(
    ctx,
    [
      { limiter: limits.messages, per: 'user' },
      { limiter: limits.customerMessages, per: 'user' },
      { limiter: limits.customerMessagesPerAddress, per: 'address' },
    ],
    typing,
  );
  const staffConversation = conversationEvents(ctx, [{ limiter: limits.messages, per: 'user' }], typing);
  const join = joinEvents(ctx, limits.joins, limits.customerJoins);
  const auth = authEvents(ctx.auth);
  // Checked against the protocol's maps: a missing or extra event, or a wrong ack shape, does not compile.
  const chatEvents = eventTable<ChatClientToServerEvents>()({ ...customerConversation, ...join.chat, ...auth });
  const staffEvents = eventTable<AdminClientToServerEvents>()({
    ...staffConversation,
    ...join.admin,
    ...auth,
    ...adminEvents(ctx),
  });

  const onConnection = (namespace: string, events: Readonly<Record<string, BoundEvent>>) => (socket: ParleySocket) => {
    const user = socket.data.user;
    const log = ctx.log.child({ socketId: socket.id, userId: user.id, nsp: namespace });
    ctx.metrics.connectedSockets.inc({ namespace });
    guard.track(socket);
    void socket.join(Rooms.user(user.id));
    if (namespace === NamespaceNames.Admin) {
      void socket.join(Rooms.queue);
      void ctx.presence.connected(user.id);
    } else {
      void ctx.customerPresence.connected(user.id);
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
      if (namespace === NamespaceNames.Admin) void ctx.presence.disconnected(user.id);
      else void ctx.customerPresence.disconnected(user.id);
    });
    bindEvents({ socket, user, log, expiry }, events, deps);
    log.debug({ recovered: socket.recovered }, 'socket connected');
  };
  nsps.chat.on('connection', onConnection(NamespaceNames.Chat, chatEvents));
  nsps.admin.on('connection', onConnection(NamespaceNames.Admin, staffEvents));

  return {
    io,
    nsps,
    async revalidateStaff() {
      const sockets = await nsps.admin.local.fetchSockets();
      // One store lookup per agent and token version, however many tabs they have open.
      const groups = new Map<string, typeof sockets>();
      for (const socket of sockets) {
        const key = `${socket.data.user.id}:${socket.data.ver}`;
        groups.set(key, [...(groups.get(key) ?? []), socket]);
      }
      for (const group of groups.values()) {
        const { user, ver } = group[0]!.data;
        try {
          await ctx.auth.currentUser(user, ver);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'invalid_token') continue;
          ctx.log.info({ userId: user.id }, 'agent deactivated or signed out while Redis was away: closing their sockets on this node');
          const reason = (await ctx.store.getAgent(user.id))?.active ? 'signed_out' : 'deactivated';
          for (const socket of group) {
            socket.emit('server:closing', { reason });
            socket.disconnect(true);
          }
        }
      }
    },
    announceShutdown() {
      // `.local`: with the Redis adapter a plain emit reaches every node's sockets, and only this node is going away.
      nsps.chat.local.emit('server:closing', { reason: 'shutdown' });
      nsps.admin.local.emit('server:closing', { reason: 'shutdown' });
    },
    async close() {
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
      guard.close();
      io.engine.close();
      for (const nsp of [nsps.chat, nsps.admin]) await nsp.adapter.close();
    },
  };
}
