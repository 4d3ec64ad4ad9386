/**
 * The embedded store: node:sqlite (synchronous, in-process) in WAL mode with
 * `synchronous=FULL`, because an ack promises the message survives a power
 * cut. Message appends go through a {@link GroupCommitQueue} so concurrent
 * senders share one transaction (one fsync); everything else is a short
 * transaction of its own.
 *
 * This class is the composition only: one shared connection
 * (sqlite-database.ts) and a part per concept — customers, agents, queries,
 * messages, the append pipeline (sqlite-append.ts) and the feature stores.
 */
import { join } from 'node:path';
import type { Agent, Customer, Message, Query, Team, TimelineEvent, UserRef } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { toQuery } from '../rows.js';
import { GroupCommitQueue, type GroupCommitOptions, type ItemOutcome } from '../group-commit.js';
import type {
  AgentPatch, AgentRecord, AppendResult, CommitStats, CustomerPatch, CreateQueryResult, MessageRange, NewAgent, NewCustomer, NewMessage,
  NewQuery, QueryFilter, QueryPage, QueryPatch, QueryUpdate, MessageSearch, MessageSearchPage, QuerySearch, ReportRow, ReportRange, NewTeam, TeamPatch, AutoAssignRequest, ReadCursorResult, Store,
} from '../store.js';
import { SqliteAgents } from './sqlite-agents.js';
import { SqliteAppendPipeline } from './sqlite-append.js';
import { SqliteAttachments } from './sqlite-attachments.js';
import { SqliteCannedReplies } from './sqlite-canned-replies.js';
import { SqliteCustomers } from './sqlite-customers.js';
import { SqliteTimeline } from './sqlite-timeline.js';
import { SqliteSearch } from './sqlite-search.js';
import { SqliteSearchIndex } from './sqlite-search-index.js';
import { SqliteQueryRows } from './sqlite-query-rows.js';
import { SqliteReports } from './sqlite-reports.js';
import { SqliteTeams } from './sqlite-teams.js';
import { DATABASE_FILE, SqliteDatabase } from './sqlite-database.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqliteJobRuns } from './sqlite-job-runs.js';
import { SqliteMessages } from './sqlite-messages.js';
import { SqliteSupportQueries } from './sqlite-support-queries.js';
import { SqliteRatings } from './sqlite-ratings.js';
import { SqliteSettings } from './sqlite-settings.js';
import { SqliteWebhooks } from './sqlite-webhooks.js';
import { SqliteNotices } from './sqlite-notices.js';

export { DATABASE_FILE } from './sqlite-database.js';

export interface SqliteStoreOptions {
  /** Directory holding parley.db (created if missing). */
  dataDir: string;
  commit: GroupCommitOptions;
  /** Called with the size of every committed batch (metrics). */
  onBatch?: (size: number) => void;
  /**
   * Who copies the WAL back into the database file: `thread`, a thread of its own beside the writer (the server);
   * `commit` (the default), the commit that crosses `wal_autocheckpoint`, as SQLite does by default (tests, tools).
   */
  checkpoints?: 'thread' | 'commit';
  /** Told what goes wrong in the background (the checkpoint thread). */
  warn?: (object: object, message: string) => void;
}

export class SqliteStore implements Store {
  readonly #database: SqliteDatabase;
  readonly #customers: SqliteCustomers;
  readonly #timeline: SqliteTimeline;
  readonly #search: SqliteSearch;
  readonly #searchIndex: SqliteSearchIndex;
  /** The appends' copy of the query rows they wrote (sqlite-query-rows.ts). */
  readonly #queryRows: SqliteQueryRows;
  readonly #reports: SqliteReports;
  readonly #teams: SqliteTeams;
  readonly #agents: SqliteAgents;
  readonly #queries: SqliteSupportQueries;
  readonly #messages: SqliteMessages;
  readonly #appends: GroupCommitQueue<NewMessage, AppendResult>;
  readonly #pipeline: SqliteAppendPipeline;
  readonly #checkpointer: SqliteCheckpointer | null;
  #closing: Promise<void> | undefined;
  readonly cannedReplies: SqliteCannedReplies;
  readonly attachments: SqliteAttachments;
  readonly ratings: SqliteRatings;
  readonly jobs: SqliteJobRuns;
  readonly settings: SqliteSettings;
  readonly webhooks: SqliteWebhooks;
  readonly notices: SqliteNotices;

  constructor(options: SqliteStoreOptions) {
    const database = (this.#database = new SqliteDatabase(options.dataDir));
    this.#customers = new SqliteCustomers(database);
    this.#agents = new SqliteAgents(database);
    // The append's copy of query rows (sqlite-query-rows.ts), which the search index's writes leave trusted.
    const queryRows = (this.#queryRows = new SqliteQueryRows(database));
    const searchIndex = (this.#searchIndex = new SqliteSearchIndex(database, { queryRows }));
    this.#messages = new SqliteMessages(database, () => searchIndex.schedule());
    // A backlog left by a crash or by the upgrade to migration 16 is indexed soon after start, not at the first search.
    searchIndex.schedule();
    this.webhooks = new SqliteWebhooks(database);
    this.notices = new SqliteNotices(database);
    this.#timeline = new SqliteTimeline(database);
    this.#queries = new SqliteSupportQueries(database, this.#messages, this.webhooks, this.#timeline);
    this.#search = new SqliteSearch(database, this.#queries);
    this.#reports = new SqliteReports(database);
    this.#teams = new SqliteTeams(database, this.#queries, this.webhooks, this.#timeline);
    this.cannedReplies = new SqliteCannedReplies(database);
    this.attachments = new SqliteAttachments(database, options.dataDir);
    this.ratings = new SqliteRatings(database, this.webhooks);
    this.jobs = new SqliteJobRuns(database);
    this.settings = new SqliteSettings(database);
    const pipeline = (this.#pipeline = new SqliteAppendPipeline(database, this.#queries, this.#messages, this.webhooks, this.#timeline, queryRows));
    this.#appends = new GroupCommitQueue((items) => this.commitAppends(items), options.commit, options.onBatch);
    this.#checkpointer =
      options.checkpoints === 'thread' ? new SqliteCheckpointer(join(options.dataDir, DATABASE_FILE), { warn: options.warn }) : null;
  }

  /** The checkpoint thread, when the WAL is copied back by one (`checkpoints: 'thread'`). */
  get checkpointer(): SqliteCheckpointer | null {
    return this.#checkpointer;
  }

  async ping(): Promise<void> {
    this.#database.assertOpen();
    this.#database.sql('SELECT 1').get();
  }

  /** The embedded database is a file of this process: it is there as long as the store is open. */
  watchAvailability(): () => void {
    return () => {};
  }

  async flush(): Promise<void> {
    await this.#appends.flush();
  }

  close(): Promise<void> {
    // Once: a second call waits for the first, and never closes the writer while the checkpoint thread still runs.
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await this.#appends.flush();
    this.#searchIndex.close();
    // Its connection first: the writer's close, the last one, copies what is left back and removes the WAL.
    await this.#checkpointer?.close();
    this.#database.close();
  }

  commitStats(): CommitStats {
    const s = this.#appends.stats;
    return { commits: s.commits, messages: s.items, largestBatch: s.largestBatch, groupedCommits: s.groupedCommits, queued: this.#appends.pending };
  }

  async createCustomer(c: NewCustomer): Promise<Customer> {
    return this.#customers.create(c);
  }

  async upsertCustomerByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Promise<Customer> {
    return this.#customers.upsertByExternalId(c, options);
  }

  async getCustomer(id: string): Promise<Customer | null> {
    return this.#customers.get(id);
  }

  async findCustomerByResumeKeyHash(hash: string): Promise<Customer | null> {
    return this.#customers.findByResumeKeyHash(hash);
  }

  async updateCustomer(id: string, patch: CustomerPatch): Promise<Customer | null> {
    return this.#customers.update(id, patch);
  }

  async recordCustomersSeen(ids: readonly string[], at: string): Promise<void> {
    this.#customers.recordSeen(ids, at);
  }

  async countAgents(): Promise<number> {
    return this.#agents.count();
  }

  async countActiveAdmins(): Promise<number> {
    return this.#agents.countActiveAdmins();
  }

  async createAgent(a: NewAgent): Promise<Agent> {
    return this.#agents.create(a);
  }

  async getAgent(id: string): Promise<AgentRecord | null> {
    return this.#agents.get(id);
  }

  async getAgentByEmail(email: string): Promise<AgentRecord | null> {
    return this.#agents.getByEmail(email);
  }

  async listAgents(): Promise<Agent[]> {
    return this.#agents.list();
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.#agents.update(id, patch);
  }

  async createQuery(q: NewQuery): Promise<CreateQueryResult> {
    return this.#queries.create(q);
  }

  async getQuery(id: string): Promise<Query | null> {
    this.#database.assertOpen();
    return this.#queries.get(id);
  }

  async getQueries(ids: readonly string[]): Promise<Query[]> {
    this.#database.assertOpen();
    // Mostly the queries the last appends wrote (the coalesced query:updated pushes): the appends' copy of their
    // rows spares a five-way join per query, about one per message at 1,000 conversations each sending now and then.
    return this.#queryRows.readMany(ids, (id) => this.#queries.row(id)).map(toQuery);
  }

  async listQueries(filter: QueryFilter): Promise<QueryPage> {
    return this.#queries.list(filter);
  }

  async listOpenQueryIdsAssignedTo(agentId: string): Promise<string[]> {
    return this.#queries.listOpenIdsAssignedTo(agentId);
  }

  listTeams(): Promise<Team[]> {
    return Promise.resolve().then(() => this.#teams.list());
  }

  createTeam(team: NewTeam): Promise<Team> {
    return Promise.resolve().then(() => this.#teams.create(team));
  }

  updateTeam(id: string, patch: TeamPatch): Promise<Team | null> {
    return Promise.resolve().then(() => this.#teams.update(id, patch));
  }

  deleteTeam(id: string): Promise<boolean> {
    return Promise.resolve().then(() => this.#teams.delete(id));
  }

  autoAssign(request: AutoAssignRequest): Promise<QueryUpdate[]> {
    return Promise.resolve().then(() => this.#teams.autoAssign(request));
  }

  async reportRows(range: ReportRange): Promise<ReportRow[]> {
    return this.#reports.rows(range);
  }

  async searchMessages(search: MessageSearch): Promise<MessageSearchPage> {
    // Messages are indexed a moment after they are stored: whatever is still waiting first, so every acked one is found.
    this.#searchIndex.catchUp();
    return this.#search.messages(search);
  }

  async searchQueries(search: QuerySearch): Promise<Query[]> {
    return this.#search.queryMatches(search);
  }

  async listTimeline(queryId: string, limit: number): Promise<TimelineEvent[]> {
    return this.#timeline.list(queryId, limit);
  }

  async updateQuery(id: string, patch: QueryPatch, at: string): Promise<QueryUpdate | null> {
    return this.#queries.update(id, patch, at);
  }

  appendMessage(message: NewMessage): Promise<AppendResult> {
    if (this.#database.closed) return Promise.reject(new AppError('unavailable', 'the store is closed'));
    return this.#appends.enqueue(message);
  }

  /**
   * Commits one batch of appends now, in one transaction, bypassing this store's own queue: for a caller that
   * groups appends itself (the worker thread's host, sqlite-thread-store.ts). Same outcomes as appendMessage.
   */
  commitAppends(items: NewMessage[]): ItemOutcome<AppendResult>[] {
    const started = performance.now();
    const outcomes = this.#pipeline.commit(items);
    this.#searchIndex.appended(performance.now() - started);
    return outcomes;
  }

  async listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    return this.#messages.list(queryId, range);
  }

  async advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null> {
    return this.#queries.advanceReadCursor(queryId, user, seq);
  }
}
