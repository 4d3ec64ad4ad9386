/**
 * The Fastify application: security headers, CORS, rate limits, JSON error
 * bodies, request ids in logs, then every feature's routes and the web apps.
 */
import { randomUUID } from 'node:crypto';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { Limits } from '@parley/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAgentRoutes } from '../agents/agent-routes.js';
import type { AppContext } from '../app-context.js';
import { registerAttachmentRoutes } from '../attachments/attachment-routes.js';
import { registerAuthRoutes } from '../auth/auth-routes.js';
import { registerCannedReplyRoutes } from '../canned-replies/canned-reply-routes.js';
import { AppError } from '../errors/app-error.js';
import { registerMessageRoutes } from '../messages/message-routes.js';
import { registerQueryRoutes } from '../queries/query-routes.js';
import { restRateLimitStore } from '../rate-limits/rest-rate-limit-store.js';
import { registerRatingRoutes } from '../ratings/rating-routes.js';
import { registerWebhookRoutes } from '../webhooks/webhook-routes.js';
import { registerCapabilityRoutes } from '../capabilities/capability-routes.js';
import { registerCustomerRoutes } from '../customers/customer-routes.js';
import { registerSettingsRoutes } from '../settings/settings-routes.js';
import { registerSearchRoutes } from '../search/search-routes.js';
import { registerReportRoutes } from '../reports/report-routes.js';
import { registerTeamRoutes } from '../teams/team-routes.js';
import { contentSecurity } from './content-security.js';
import { compileTrust } from './client-ip.js';
import { guardConnections, HTTP_TIMEOUTS, serverTimeoutOptions } from './connection-guard.js';
import { corsOrigin } from './cors.js';
import { installErrorHandling } from './error-handler.js';
import { RefusalTarpit } from './refusal-tarpit.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerStaticApps } from './static-apps.js';

/** The HTTP methods of the REST API, as preflights answer them. */
export const API_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];

/** Largest JSON body: a message is at most 4000 characters, so this leaves ample room. */
export const JSON_BODY_LIMIT = Limits.MAX_FRAME_BYTES;

/**
 * The node's HTTP application; with `tls` (TLS_CERT/TLS_KEY) it serves HTTPS, and Socket.IO on the same
 * server WSS. The instance is typed as an HTTP one either way: nothing here depends on which.
 */
export async function createHttpApp(ctx: AppContext, tls?: { cert: Buffer; key: Buffer }): Promise<FastifyInstance> {
  const app = Fastify({
    ...(tls
      ? { https: { cert: tls.cert, key: tls.key, handshakeTimeout: HTTP_TIMEOUTS.tlsHandshakeMs, ...serverTimeoutOptions } }
      : { http: serverTimeoutOptions }),
    // Fastify sets these two on the server itself (its defaults: 72 s and none).
    keepAliveTimeout: HTTP_TIMEOUTS.keepAliveMs,
    requestTimeout: HTTP_TIMEOUTS.requestMs,
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    // The same rule as the socket side's handshake limits (client-ip.ts); none configured = the peer is the client.
    trustProxy: ctx.config.trustProxy.length > 0 ? compileTrust(ctx.config.trustProxy) : false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  } as FastifyServerOptions) as unknown as FastifyInstance;
  guardConnections(app.server, {
    maxPerIp: ctx.config.maxConnectionsPerIp,
    trust: compileTrust(ctx.config.trustProxy),
    secure: tls !== undefined,
    metrics: ctx.metrics,
    firstRequestMs: ctx.config.firstRequestTimeoutMs,
  });
  const tarpit = new RefusalTarpit(ctx.config.refusalDelayMs);
  app.addHook('preClose', async () => tarpit.close());
  installErrorHandling(app, ctx.metrics, tarpit);
  // An empty body with a JSON content type (e.g. POST /api/auth/refresh from a generic client) means
  // "no body", not a syntax error; everything else goes through Fastify's safe JSON parser. The bytes are
  // decoded strictly: invalid UTF-8 is refused, not stored with replacement characters the sender never wrote.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(new AppError('invalid_payload', 'the body is not valid UTF-8'), undefined);
    }
    return text === '' ? done(null, undefined) : parseJson(request, text, done);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Every method the API uses: a preflight listing only the CORS defaults would keep allowed origins from
  // PATCHing or DELETEing.
  await app.register(fastifyCors, { origin: corsOrigin(ctx.config.corsOrigins), credentials: false, methods: API_METHODS });

  // Before helmet: a refused request of a flood costs as little as possible (helmet builds its headers on every
  // request), while still carrying CORS headers so a browser can read the refusal and its retryAfterMs.
  const rateLimited = (max: number, retryAfterMs: number) =>
    AppError.refusal('rate_limited', `too many requests (limit ${max} per minute)`, { retryAfterMs });
  const restLimit = ctx.config.restRateLimit;
  await app.register(fastifyRateLimit, {
    // Counted across the cluster when it shares Redis (rate-limits/rest-rate-limit-store.ts).
    store: restRateLimitStore(ctx.limiterBackend),
    global: restLimit > 0,
    max: restLimit > 0 ? restLimit : 1,
    timeWindow: 60_000,
    // Counted by the error handler, with every other REST refusal.
    errorResponseBuilder: (_request, context) => rateLimited(context.max, context.ttl),
  });
  await app.register(fastifyHelmet, contentSecurity(ctx.config.corsOrigins));
  const authLimit = ctx.config.authRateLimit;
  const authRateLimit = authLimit > 0 ? { max: authLimit, timeWindow: 60_000 } : false;

  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx, authRateLimit);
  registerAgentRoutes(app, ctx);
  registerQueryRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerCannedReplyRoutes(app, ctx);
  await registerAttachmentRoutes(app, ctx);
  registerRatingRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerCapabilityRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerTeamRoutes(app, ctx);
  await registerStaticApps(app, { customerDist: ctx.config.customerDist, adminDist: ctx.config.adminDist, widgetScript: ctx.config.widgetScript });
  return app;
}
