/**
 * The PostgreSQL store, chosen when DATABASE_URL is set: the store of a
 * cluster, shared by every node. Message appends go through a
 * {@link GroupCommitQueue} with one batch in flight per node, each batch one
 * transaction (postgres-append.ts); everything else is a statement or a short
 * transaction of its own. A database that cannot be reached answers
 * `unavailable` everywhere, and the pool reconnects by itself when it returns.
 *
 * This class is the composition only: one pool (postgres-database.ts) and a
 * part per concept, as in the SQLite store.
 */
import type { Agent, Customer, Message, Query, Team, TimelineEvent, UserRef } from '@parley/protocol';
import type { Logger } from 'pino';
import { AppError } from '../../errors/app-error.js';
import { GroupCommitQueue, type GroupCommitOptions } from '../group-commit.js';
import type {
  AgentPatch, AgentRecord, AppendResult, CommitStats, CustomerPatch, CreateQueryResult, MessageRange, NewAgent, NewCustomer, NewMessage,
  NewQuery, QueryFilter, QueryPage, QueryPatch, QueryUpdate, MessageSearch, MessageSearchPage, QuerySearch, ReportRow, ReportRange, NewTeam, TeamPatch, AutoAssignRequest, ReadCursorResult, Store,
} from '../store.js';
import { migrate } from './migrations.js';
import { PostgresAgents } from './postgres-agents.js';
import { PostgresAppendPipeline } from './postgres-append.js';
import { PostgresAttachments } from './postgres-attachments.js';
import { PostgresCannedReplies } from './postgres-canned-replies.js';
import { PostgresCustomers } from './postgres-customers.js';
import { PostgresTimeline } from './postgres-timeline.js';
import { PostgresSearch } from './postgres-search.js';
import { PostgresReports } from './postgres-reports.js';
import { PostgresTeams } from './postgres-teams.js';
import { PostgresDatabase } from './postgres-database.js';
import { PostgresJobRuns } from './postgres-job-runs.js';
import { PostgresMessages } from './postgres-messages.js';
import { PostgresSupportQueries } from './postgres-support-queries.js';
import { PostgresRatings } from './postgres-ratings.js';
import { PostgresWebhooks } from './postgres-webhooks.js';
import { PostgresNotices } from './postgres-notices.js';
import { PostgresSettings } from './postgres-settings.js';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL). */
  url: string;
  /** Connections this node keeps at most (DATABASE_POOL_MAX). */
  poolMax: number;
  /** Where this node spools uploads being received (its DATA_DIR). */
  dataDir: string;
  commit: GroupCommitOptions;
  /** Called with the size of every committed batch (metrics). */
  onBatch?: (size: number) => void;
  /** Statement timeout on the client side (tests cut the database and want a quick answer). */
  queryTimeoutMs?: number;
  connectTimeoutMs?: number;
  log?: Pick<Logger, 'warn'>;
}

export class PostgresStore implements Store {
  readonly #database: PostgresDatabase;
  readonly #customers: PostgresCustomers;
  readonly #timeline: PostgresTimeline;
  readonly #search: PostgresSearch;
  readonly #reports: PostgresReports;
  readonly #teams: PostgresTeams;
  readonly #agents: PostgresAgents;
  readonly #queries: PostgresSupportQueries;
  readonly #messages: PostgresMessages;
  readonly #appends: GroupCommitQueue<NewMessage, AppendResult>;
  readonly cannedReplies: PostgresCannedReplies;
  readonly attachments: PostgresAttachments;
  readonly ratings: PostgresRatings;
  readonly jobs: PostgresJobRuns;
  readonly settings: PostgresSettings;
  readonly webhooks: PostgresWebhooks;
  readonly notices: PostgresNotices;

  private constructor(database: PostgresDatabase, options: PostgresStoreOptions) {
    this.#database = database;
    this.#customers = new PostgresCustomers(database);
    this.#agents = new PostgresAgents(database);
    this.#messages = new PostgresMessages(database);
    this.webhooks = new PostgresWebhooks(database);
    this.notices = new PostgresNotices(database);
    this.#timeline = new PostgresTimeline(database);
    this.#search = new PostgresSearch(database);
    this.#reports = new PostgresReports(database);
    this.#queries = new PostgresSupportQueries(database, this.#messages, this.webhooks, this.#timeline);
    this.#teams = new PostgresTeams(database, this.#queries, this.webhooks, this.#timeline);
    this.cannedReplies = new PostgresCannedReplies(database);
    this.attachments = new PostgresAttachments(database, options.dataDir);
    this.ratings = new PostgresRatings(database, this.#queries, this.webhooks);
    this.jobs = new PostgresJobRuns(database);
    this.settings = new PostgresSettings(database);
    const pipeline = new PostgresAppendPipeline(database, this.webhooks, this.#timeline);
    this.#appends = new GroupCommitQueue((items) => pipeline.commit(items), options.commit, options.onBatch);
  }

  /**
   * Connects and brings the schema up to date (waiting for another node that is migrating the same database).
   * @throws when the database cannot be reached, or was written by a newer server
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const database = new PostgresDatabase({
      url: options.url,
      poolMax: options.poolMax,
      ...(options.queryTimeoutMs !== undefined ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    try {
      const client = await database.pool.connect();
      // See PostgresDatabase.transaction: a checked-out connection's 'error' event needs a listener.
      const onError = () => {};
      client.on('error', onError);
      try {
        await migrate(client);
      } finally {
        client.off('error', onError);
        client.release();
      }
    } catch (error) {
      await database.close();
      throw error;
    }
    return new PostgresStore(database, options);
  }

  async ping(): Promise<void> {
    await this.#database.query('SELECT 1');
  }

  watchAvailability(listener: (available: boolean) => void): () => void {
    return this.#database.watchAvailability(listener);
  }

  async flush(): Promise<void> {
    await this.#appends.flush();
  }

  async close(): Promise<void> {
    if (this.#database.closed) return;
    await this.#appends.flush();
    await this.#database.close();
  }

  commitStats(): CommitStats {
    const s = this.#appends.stats;
    return { commits: s.commits, messages: s.items, largestBatch: s.largestBatch, groupedCommits: s.groupedCommits, queued: this.#appends.pending };
  }

  createCustomer(c: NewCustomer): Promise<Customer> {
    return this.#customers.create(c);
  }

  upsertCustomerByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Promise<Customer> {
    return this.#customers.upsertByExternalId(c, options);
  }

  getCustomer(id: string): Promise<Customer | null> {
    return this.#customers.get(id);
  }

  findCustomerByResumeKeyHash(hash: string): Promise<Customer | null> {
    return this.#customers.findByResumeKeyHash(hash);
  }

  updateCustomer(id: string, patch: CustomerPatch): Promise<Customer | null> {
    return this.#customers.update(id, patch);
  }

  recordCustomersSeen(ids: readonly string[], at: string): Promise<void> {
    return this.#customers.recordSeen(ids, at);
  }

  countAgents(): Promise<number> {
    return this.#agents.count();
  }

  countActiveAdmins(): Promise<number> {
    return this.#agents.countActiveAdmins();
  }

  createAgent(a: NewAgent): Promise<Agent> {
    return this.#agents.create(a);
  }

  getAgent(id: string): Promise<AgentRecord | null> {
    return this.#agents.get(id);
  }

  getAgentByEmail(email: string): Promise<AgentRecord | null> {
    return this.#agents.getByEmail(email);
  }

  listAgents(): Promise<Agent[]> {
    return this.#agents.list();
  }

  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.#agents.update(id, patch);
  }

  createQuery(q: NewQuery): Promise<CreateQueryResult> {
    return this.#queries.create(q);
  }

  getQuery(id: string): Promise<Query | null> {
    return this.#queries.get(id);
  }

  getQueries(ids: readonly string[]): Promise<Query[]> {
    return this.#queries.getMany(ids);
  }

  listQueries(filter: QueryFilter): Promise<QueryPage> {
    return this.#queries.list(filter);
  }

  listOpenQueryIdsAssignedTo(agentId: string): Promise<string[]> {
    return this.#queries.listOpenIdsAssignedTo(agentId);
  }

  listTeams(): Promise<Team[]> {
    return this.#teams.list();
  }

  createTeam(team: NewTeam): Promise<Team> {
    return this.#teams.create(team);
  }

  updateTeam(id: string, patch: TeamPatch): Promise<Team | null> {
    return this.#teams.update(id, patch);
  }

  deleteTeam(id: string): Promise<boolean> {
    return this.#teams.delete(id);
  }

  autoAssign(request: AutoAssignRequest): Promise<QueryUpdate[]> {
    return this.#teams.autoAssign(request);
  }

  reportRows(range: ReportRange): Promise<ReportRow[]> {
    return this.#reports.rows(range);
  }

  searchMessages(search: MessageSearch): Promise<MessageSearchPage> {
    return this.#search.messages(search);
  }

  searchQueries(search: QuerySearch): Promise<Query[]> {
    return this.#search.queryMatches(search);
  }

  listTimeline(queryId: string, limit: number): Promise<TimelineEvent[]> {
    return this.#timeline.list(queryId, limit);
  }

  updateQuery(id: string, patch: QueryPatch, at: string): Promise<QueryUpdate | null> {
    return this.#queries.update(id, patch, at);
  }

  appendMessage(message: NewMessage): Promise<AppendResult> {
    if (this.#database.closed) return Promise.reject(new AppError('unavailable', 'the store is closed'));
    return this.#appends.enqueue(message);
  }

  listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    return this.#messages.list(queryId, range);
  }

  advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null> {
    return this.#queries.advanceReadCursor(queryId, user, seq);
  }
}
