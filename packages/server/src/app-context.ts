/**
 * Everything a feature needs, built once by the composition root
 * (lifecycle/start-server.ts) and handed to each feature's routes and socket
 * handlers, which build nothing themselves. Adding a feature = a folder with its
 * service and a `register…Routes(app, ctx)`, listed in http/app.ts, and the
 * service built in the composition root.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AgentService } from './agents/agent-service.js';
import type { AttachmentService } from './attachments/attachment-service.js';
import type { CannedReplyService } from './canned-replies/canned-reply-service.js';
import type { AuthService } from './auth/auth-service.js';
import type { TokenService } from './auth/tokens.js';
import type { ServerConfig } from './config/config.js';
import type { DomainEvents } from './domain/domain-events.js';
import type { RequestAuth } from './http/request-auth.js';
import type { MessageService } from './messages/message-service.js';
import type { Metrics } from './observability/metrics.js';
import type { QueryService } from './queries/query-service.js';
import type { RatingService } from './ratings/rating-service.js';
import type { LimiterBackend } from './rate-limits/rate-limiter.js';
import type { PresenceTracker } from './realtime/presence.js';
import type { CustomerService } from './customers/customer-service.js';
import type { WorkspaceSettingsService } from './settings/workspace-settings.js';
import type { SearchService } from './search/search-service.js';
import type { ReportService } from './reports/report-service.js';
import type { TeamService } from './teams/team-service.js';
import type { Store } from './store/store.js';
import type { WebhookService } from './webhooks/webhook-service.js';

export interface AppContext {
  config: ServerConfig;
  log: Logger;
  store: Store;
  events: DomainEvents;
  metrics: Metrics;
  tokens: TokenService;
  auth: AuthService;
  requestAuth: RequestAuth;
  agents: AgentService;
  customers: CustomerService;
  search: SearchService;
  reports: ReportService;
  teams: TeamService;
  /** The workspace settings, held in memory (settings/workspace-settings.ts). */
  settings: WorkspaceSettingsService;
  queries: QueryService;
  messages: MessageService;
  attachments: AttachmentService;
  cannedReplies: CannedReplyService;
  ratings: RatingService;
  webhooks: WebhookService;
  presence: PresenceTracker;
  /** Customers' /chat sockets (online now), counted like agents'. */
  customerPresence: PresenceTracker;
  /** The cluster's Redis client (REDIS_URL), or null on a single node. */
  redis: Redis | null;
  /** Where limits a client could take to another node are counted (Redis when shared, else memory). */
  limiterBackend: LimiterBackend;
  /** True once shutdown has begun: new work is refused with `unavailable`. */
  isClosing(): boolean;
}
