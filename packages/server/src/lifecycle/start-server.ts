/**
 * The composition root: assembles and starts one Parley node — store → cluster
 * link (Redis) → services → HTTP (Fastify) → Socket.IO — and returns a handle
 * whose close() shuts down gracefully. Every service, store, limiter and
 * background job is built here and handed to the routes and socket handlers.
 */
import { readFileSync } from 'node:fs';
import { Server as NetServer, type AddressInfo } from 'node:net';
import type { ServerConfig } from '../config/config.js';
import { ConfigError, clusterProblems, resolveConfig } from '../config/config.js';
import type { AppContext } from '../app-context.js';
import { AgentService } from '../agents/agent-service.js';
import { AuthService } from '../auth/auth-service.js';
import { bootstrapAdmin } from '../auth/bootstrap-admin.js';
import { resolveClusterJwtSecret, resolveJwtSecret } from '../auth/secrets.js';
import { SWEEP_INTERVAL_MS } from '../attachments/attachment-rules.js';
import { AttachmentService } from '../attachments/attachment-service.js';
import { AttachmentSweeper } from '../attachments/attachment-sweeper.js';
import { CannedReplyService } from '../canned-replies/canned-reply-service.js';
import { RatingService } from '../ratings/rating-service.js';
import { TokenService } from '../auth/tokens.js';
import { DomainEvents } from '../domain/domain-events.js';
import { createHttpApp } from '../http/app.js';
import { installShutdownGate } from '../http/shutdown-gate.js';
import { RequestAuth } from '../http/request-auth.js';
import { MessageService } from '../messages/message-service.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { QueryService } from '../queries/query-service.js';
import { Inflight } from '../realtime/inflight.js';
import { Broadcaster } from '../realtime/broadcaster.js';
import { createSocketServer } from '../realtime/socket-server.js';
import { socketLimits } from '../realtime/socket-limits.js';
import { windowLimiter } from '../rate-limits/rate-limiter.js';
import { createStore } from '../store/create-store.js';
import { type ClusterLink, linkCluster } from './cluster-link.js';
import type { Store } from '../store/store.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { createWebhookSender } from '../webhooks/webhook-sender.js';
import { WebhookService } from '../webhooks/webhook-service.js';
import { createMailer } from '../email/mailer.js';
import { CustomerEmails } from '../email/customer-emails.js';
import { CustomerLastSeen } from '../customers/customer-last-seen.js';
import { CustomerService } from '../customers/customer-service.js';
import { WorkspaceSettingsService } from '../settings/workspace-settings.js';
import { SearchService } from '../search/search-service.js';
import { ReportService } from '../reports/report-service.js';
import { TeamService } from '../teams/team-service.js';
import { AutoAssigner } from '../teams/auto-assigner.js';
import { AutoReply } from '../teams/auto-reply.js';

/** A running Parley node. */
export interface ParleyServer {
  /** e.g. `http://127.0.0.1:41234` (the host as bound; 0.0.0.0 is shown as 127.0.0.1). */
  url: string;
  port: number;
  config: ServerConfig;
  /** The store this node uses (tests and the benchmark read its commit stats). */
  store: Store;
  /**
   * Graceful shutdown: refuse new work, tell every socket `server:closing
   * {reason:'shutdown'}`, let in-flight messages commit and be acked, close
   * connections (clients reconnect elsewhere), close the store. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts a Parley server.
 * @example
 * const server = await startServer({ dataDir: '/tmp/parley', port: 0, logLevel: 'silent' });
 * // … io(server.url + '/chat', { auth: { token } }) …
 * await server.close();
 */
export async function startServer(options: Partial<ServerConfig> & { dataDir: string }): Promise<ParleyServer> {
  const config = resolveConfig(options);
  const problems = clusterProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const tls = readTls(config);
  const log = createLogger(config.logLevel);
  const metrics = new Metrics();
  const store = await createStore(config, (size) => metrics.commitBatchSize.observe(size), log);
  let closing = false;
  const stops: Array<() => void> = [];
  let cluster: ClusterLink | null = null;
  let dispatcher: WebhookDispatcher | undefined;
  let notifier: CustomerEmails | undefined;
  try {
    const events = new DomainEvents();
    // Counted from the domain, not the commit batches: a retry (duplicate) or a refused item stores nothing.
    events.on('message:stored', () => metrics.messagesStored.inc());
    // One key for the whole cluster: JWT_SECRET, or on PostgreSQL one generated once and kept in the database.
    const secret = config.databaseUrl
      ? await resolveClusterJwtSecret(config.jwtSecret, store.settings)
      : resolveJwtSecret(config.jwtSecret, config.dataDir);
    cluster = await linkCluster(config, { jwtSecret: secret, identitySecret: config.identitySecret }, events, log);
    const tokens = new TokenService(secret);
    const auth = new AuthService(store, tokens, config.identitySecret, events);
    const queries = new QueryService(store, events, {
      maxOpen: config.maxOpenQueries,
      perCustomer: windowLimiter(config.queriesPerHour, 3600, 'queries', `too many new queries: at most ${config.queriesPerHour} an hour`, cluster.limiterBackend),
      perAddress: windowLimiter(
        config.queriesPerHourPerIp, 3600, 'queries-per-ip', `too many new queries from this address: at most ${config.queriesPerHourPerIp} an hour`, cluster.limiterBackend,
      ),
    });
    dispatcher = new WebhookDispatcher({
      store: store.webhooks,
      send: createWebhookSender(config.webhooks),
      config: config.webhooks,
      log,
      claimJob: (job, intervalMs) => store.jobs.claim(job, intervalMs),
    });
    // Events this node wrote go out at once; other nodes' are found by the dispatcher's poll.
    for (const name of ['query:created', 'query:changed', 'message:stored'] as const) events.on(name, () => dispatcher?.nudge());
    const settings = new WorkspaceSettingsService(store.settings, events, log);
    await settings.start();
    stops.push(() => settings.stop());
    const ctx: AppContext = {
      config,
      log,
      store,
      events,
      metrics,
      tokens,
      auth,
      requestAuth: new RequestAuth(auth),
      agents: new AgentService(store, events, cluster.presence),
      customers: new CustomerService(store, events, cluster.customerPresence),
      settings,
      search: new SearchService(store, cluster.limiterBackend),
      reports: new ReportService(store),
      teams: new TeamService(store, events),
      queries,
      messages: new MessageService(store, queries, events, () => settings.current()),
      attachments: new AttachmentService(store.attachments, queries, cluster.limiterBackend),
      cannedReplies: new CannedReplyService(store.cannedReplies),
      ratings: new RatingService(store.ratings, queries, events),
      webhooks: new WebhookService({
        store: store.webhooks, allowPrivateAddresses: config.webhooks.allowPrivateAddresses, nudge: () => dispatcher?.nudge(),
      }),
      presence: cluster.presence,
      customerPresence: cluster.customerPresence,
      redis: cluster.redis?.client ?? null,
      limiterBackend: cluster.limiterBackend,
      isClosing: () => closing,
    };
    await bootstrapAdmin(store, config, log);
    const lastSeen = new CustomerLastSeen(store, events, log);
    const assigner = new AutoAssigner(store, cluster.presence, events, log);
    assigner.start();
    const autoReply = new AutoReply(store, ctx.messages, events, log);
    autoReply.start();
    stops.push(() => autoReply.stop());
    const sweeper = new AttachmentSweeper(store.attachments, store.jobs, log);
    await sweeper.sweepAtStart(SWEEP_INTERVAL_MS);
    stops.push(sweeper.every(SWEEP_INTERVAL_MS));
    dispatcher.start();
    if (config.email.smtpUrl && config.email.publicUrl) {
      notifier = new CustomerEmails({
        store, mailer: createMailer(config.email.smtpUrl, config.email.from), config: { ...config.email, publicUrl: config.email.publicUrl }, log,
      });
      notifier.start();
    }

    const app = await createHttpApp(ctx, tls);
    installShutdownGate(app, () => closing);
    const inflight = new Inflight();
    const sockets = await createSocketServer(app.server, ctx, { inflight, limits: socketLimits(config, cluster.limiterBackend) });
    const broadcaster = new Broadcaster(sockets.nsps, events, store, cluster.presence, log, !cluster.redis && config.recoveryWindowMs === 0);
    // What clients may have missed while the database or Redis was away, they are told to catch up on.
    stops.push(
      store.watchAvailability((available) => {
        if (!available) return log.warn('the database is unreachable: sends are answered `unavailable` until it returns');
        log.info('the database is reachable again: telling clients to catch up');
        events.emit('clients:resync', { reason: 'store' });
      }),
    );
    cluster.redis?.on('restored', () => {
      events.emit('clients:resync', { reason: 'redis' });
      // A deactivation announced by another node while Redis was away never arrived here.
      sockets.revalidateStaff().catch((error: unknown) => log.warn({ err: error }, 'could not recheck staff sockets'));
    });
    await cluster.start();
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    log.info({ url, dataDir: config.dataDir, store: config.databaseUrl ? 'postgres' : 'sqlite', redis: Boolean(config.redisUrl) }, 'Parley server listening');

    const link = cluster;
    let closed: Promise<void> | null = null;
    const shutdown = async () => {
      closing = true;
      log.info('shutting down');
      for (const stop of stops) stop();
      // Stop accepting first: a client reconnecting now gets a refused connection, which socket.io-client
      // retries (against another node or this one restarted), not a connect_error it would give up on.
      // net.Server's close, not http.Server's: the latter also drops idle connections, which include every
      // upgraded WebSocket — the very sockets whose last acks we are about to send.
      const listenerClosed = new Promise<void>((resolve) => NetServer.prototype.close.call(app.server, () => resolve()));
      sockets.announceShutdown();
      // Commit what is queued now rather than after COMMIT_DELAY_MS, then wait for the acks in flight
      // (whose appends may have joined the queue meanwhile), then commit those too.
      await store.flush();
      await inflight.idle(config.shutdownTimeoutMs);
      await store.flush();
      // No more handing out: a round in flight finishes (it is one transaction) before the store closes.
      await assigner.stop();
      // While the adapter still runs: this node's agents who are on no other node go offline, told to all.
      await link.leave().catch((error: unknown) => log.warn({ err: error }, 'leaving the cluster failed'));
      broadcaster.close();
      await sockets.close();
      // Attempts in flight finish and are recorded; what is still queued waits in the outbox for the next start.
      await dispatcher?.stop();
      await notifier?.stop();
      // A slow upload must not hold the shutdown forever: past the grace period, cut the connections.
      const grace = setTimeout(() => app.server.closeAllConnections(), config.shutdownTimeoutMs);
      await app.close();
      clearTimeout(grace);
      await listenerClosed.catch(() => {});
      await link.close().catch((error: unknown) => log.warn({ err: error }, 'closing the Redis connection failed'));
      // The offline moments leave() announced are written before the store closes.
      await lastSeen.close();
      await store.close();
      log.info('shut down');
    };
    return {
      url,
      port: address.port,
      config,
      store,
      close: () => (closed ??= shutdown()),
    };
  } catch (error) {
    for (const stop of stops) stop();
    await dispatcher?.stop();
    await notifier?.stop();
    await cluster?.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
}

/** TLS_CERT and TLS_KEY read at start: a file that cannot be read stops the node with its path in the message. */
function readTls(config: ServerConfig): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tlsCert || !config.tlsKey) return undefined;
  const read = (path: string, variable: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError([`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
    }
  };
  return { cert: read(config.tlsCert, 'TLS_CERT'), key: read(config.tlsKey, 'TLS_KEY') };
}
