/**
 * The persistence seam. The server picks one implementation at start — the
 * embedded SQLite store (sqlite/), or PostgreSQL (postgres/) when
 * DATABASE_URL is set — and nothing else knows which.
 *
 * Contract every implementation honours (the store contract suite,
 * store-contract.ts, runs against both):
 * - `appendMessage` resolves only once the message is durably committed;
 *   when the database cannot be reached or a commit's outcome is unknown it
 *   rejects with AppError('unavailable') — never a success it cannot vouch
 *   for (a retry with the same clientId then finds the message if it did commit);
 * - seq is assigned at commit, per query and per stream (public / internal),
 *   1, 2, 3… with no gap and no reuse, also when several nodes append to one
 *   query at the same moment;
 * - **call order fixes seq order**: appends to one query that a caller makes
 *   one after the other on one store object (each `appendMessage` called
 *   after the previous one returned its promise, not after it resolved) get
 *   increasing seqs in that order. The message service relies on it to keep
 *   a connection's sends in order without waiting for each commit;
 * - (queryId, clientId) is unique: a retry gets the stored message back with
 *   `duplicate: true`, also when two nodes race on the same clientId; the
 *   same clientId from another author is a `conflict`;
 * - appends that arrive together share a commit (group commit); each caller
 *   still hears only after the commit holding its own message;
 * - every change a webhook can report (a query opened, a message appended, a
 *   status or assignee changed, a rating given) writes its outbox rows for the
 *   endpoints subscribed at that moment in the change's own transaction
 *   (webhooks/webhook-store.ts).
 */
import type { Agent, BusinessHours, Customer, Message, Query, QueryStatus, StaffRole, Team, TimelineEvent, UserRef } from '@parley/protocol';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { CannedReplyStore } from '../canned-replies/canned-reply-store.js';
import type { RatingStore } from '../ratings/rating-store.js';
import type { WebhookStore } from '../webhooks/webhook-store.js';
import type { NoticeStore } from '../email/notice-store.js';

export interface CustomerPatch {
  name?: string;
  email?: string | null;
}

export interface NewCustomer {
  id: string;
  name: string;
  email: string | null;
  externalId: string | null;
  /** sha256 of a visitor's resumeKey; null for identified customers. */
  resumeKeyHash: string | null;
  createdAt: string;
}

export interface AgentRecord extends Agent {
  passwordHash: string;
  /** Tokens carry the version they were signed at; one below this is revoked (auth/tokens.ts). */
  tokenVersion: number;
}

export interface NewAgent {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: string;
}

export interface AgentPatch {
  name?: string;
  role?: StaffRole;
  active?: boolean;
  passwordHash?: string;
  /** Raise the token version: every token signed before is refused from now on (password change, sign-out everywhere). */
  revokeTokens?: boolean;
  /**
   * Refuse with AppError('conflict') when the change would leave no active
   * admin — checked and applied in one transaction, so two concurrent
   * demotions cannot both pass the check.
   */
  keepAnActiveAdmin?: boolean;
}

export interface NewQuery {
  id: string;
  subject: string;
  customerId: string;
  createdAt: string;
  /**
   * The customer's idempotency key: a second create with the same customer and
   * clientId stores nothing and returns the first query (`duplicate: true`).
   */
  clientId?: string;
  /** Becomes message seq 1 of the public stream, in the same transaction. */
  firstMessage: { id: string; clientId: string; author: UserRef; body: string };
  /**
   * Refuse with AppError('quota_exceeded') when the customer already has this many queries open or pending,
   * checked in the same transaction (concurrent creates cannot both pass). A retry of an opened clientId is
   * still answered with its query.
   */
  maxOpen?: number;
  /** The customer wants the conversation by email when it is resolved (email/). */
  emailTranscript?: boolean;
  /** Its team (the service resolved the customer's pick or the default). */
  teamId?: string | null;
}

/** The query and its first message; `duplicate` when a clientId named a query opened before. */
export interface CreateQueryResult {
  query: Query;
  message: Message;
  duplicate: boolean;
}

export interface QueryFilter {
  customerId?: string;
  status?: QueryStatus;
  /** An agent id, or null for unassigned queries. */
  assigneeId?: string | null;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit: number;
}

/** A search of message text (search/): every word required, the last also as a prefix. */
export interface MessageSearch {
  words: readonly string[];
  /** Only this customer's queries (a customer searching). */
  customerId?: string;
  /** Internal notes too (agents). */
  includeNotes: boolean;
  /** Opaque, from a previous page. */
  cursor?: string;
  limit: number;
}

export interface MessageSearchPage {
  /** Newest first, each with its query. */
  hits: Array<{ message: Message; query: Query }>;
  nextCursor: string | null;
}

/** A search of queries by subject, customer name or email (every word, anywhere), or id prefix. */
export interface QuerySearch {
  words: readonly string[];
  idPrefix: string | null;
  customerId?: string;
  limit: number;
}

export interface ReportRange {
  start: string;
  end: string;
  assigneeId?: string;
  teamId?: string;
}

/** One conversation as reports need it (reports/), read by SQL from what is stored. */
export interface ReportRow {
  queryId: string;
  createdAt: string;
  assignee: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  /** The first public message of an agent, if any. */
  firstResponseAt: string | null;
  /** Its first `resolved` timeline event, if any. */
  resolvedAt: string | null;
  ratingScore: number | null;
}

export interface QueryPage {
  queries: Query[];
  nextCursor: string | null;
}

export interface QueryPatch {
  status?: QueryStatus;
  assigneeId?: string | null;
  /** Who makes the change, for its timeline events (null or absent: shown without an actor). */
  actor?: UserRef | null;
  /** Move it to another team (null: none). */
  teamId?: string | null;
}

export interface NewTeam {
  id: string;
  name: string;
  hours: BusinessHours | null;
  autoReply: string | null;
  isDefault: boolean;
  autoAssign: boolean;
  capacity: number;
  memberIds: string[];
  createdAt: string;
}

export type TeamPatch = Partial<Pick<NewTeam, 'name' | 'isDefault' | 'autoAssign' | 'capacity' | 'memberIds' | 'hours' | 'autoReply'>>;

/** One round of auto-assignment for a team (teams/auto-assigner.ts decides who is online). */
export interface AutoAssignRequest {
  teamId: string;
  /** The team's agents who may take queries now (online, not away), in the order ties go. */
  candidates: readonly string[];
  /** Open queries an agent may have; they are skipped at this many. */
  capacity: number;
  /** Only this query (a new or reopened one); otherwise the team's waiting queries, oldest first. */
  queryId?: string;
  /** Most queries handed out in this round. */
  limit: number;
  at: string;
}

/** What updateQuery did. */
export interface QueryUpdate {
  query: Query;
  changed: boolean;
  /** The timeline events the change wrote (in its transaction), in order; empty when nothing changed. */
  timeline: TimelineEvent[];
}

export interface NewMessage {
  id: string;
  queryId: string;
  clientId: string;
  author: UserRef;
  body: string;
  internal: boolean;
  createdAt: string;
  /**
   * An agent's public reply: assign the query to its author if nobody has it when it commits (the workspace's
   * `replyAssigns`). Decided in the append's transaction, so of two agents replying at once, the first commit wins.
   */
  assignIfUnassigned?: boolean;
  /**
   * Attachments uploaded beforehand by the author to this query; checked and
   * claimed in the message's own transaction (a bad id refuses the whole message).
   */
  attachmentIds?: readonly string[];
  /** When the author wrote it, if well before createdAt (message-service decides). */
  writtenAt?: string;
}

export interface AppendResult {
  message: Message;
  /** True when (queryId, clientId) was already stored: nothing new was written. */
  duplicate: boolean;
  /** The query after the append (its lastSeq, preview, cursors…). */
  query: Query;
  /**
   * True when this message changed the query's state: its status (a message reopening a resolved query) or its
   * assignee (a reply assigning an unassigned query to its author).
   */
  statusChanged: boolean;
  /** The timeline events the append wrote (a reopening); absent or empty when none. */
  timeline?: TimelineEvent[];
}

export interface MessageRange {
  internal: boolean;
  after?: number;
  before?: number;
  limit: number;
}

export interface ReadCursorResult {
  query: Query;
  /** False when the cursor already was at or past seq. */
  advanced: boolean;
}

/**
 * Background work that must run once per cluster rather than once per node (the attachment sweeper):
 * every node offers, one gets the run.
 */
export interface JobRuns {
  /**
   * True for exactly one caller per `intervalMs` among every node sharing the database: the job's last run
   * (as the database's clock tells) is recorded as now, and the caller runs it.
   */
  claim(job: string, intervalMs: number): Promise<boolean>;
}

/** Small named values kept with the data (the generated JWT secret of a PostgreSQL cluster). */
export interface SettingsStore {
  /** The value stored under `name`; when there is none, stores `make()` first. Nodes racing agree on one value. */
  getOrCreate(name: string, make: () => string): Promise<string>;
  /** The value stored under `name`, or null. */
  get(name: string): Promise<string | null>;
  /** Stores `value` under `name`, replacing what was there. */
  set(name: string, value: string): Promise<void>;
}

/** Counters of the commit pipeline, for tests, metrics and the benchmark. */
export interface CommitStats {
  commits: number;
  messages: number;
  largestBatch: number;
  /** Commits that carried more than one message. */
  groupedCommits: number;
  /** Appends waiting for their commit right now. */
  queued: number;
}

export interface Store {
  /** Throws (AppError 'unavailable') when the store cannot answer (used by /readyz). */
  ping(): Promise<void>;
  /**
   * Calls `listener(false)` when the database stops answering and `listener(true)` once it answers again
   * (the store checks by itself meanwhile). The embedded store never goes away. Returns the unsubscribe.
   */
  watchAvailability(listener: (available: boolean) => void): () => void;
  /** Commits what is queued, then releases the store. Further calls fail with `unavailable`. */
  close(): Promise<void>;
  /** Resolves once every append queued so far has been committed (or failed). */
  flush(): Promise<void>;
  commitStats(): CommitStats;

  createCustomer(customer: NewCustomer): Promise<Customer>;
  /**
   * The customer with this externalId, created (or renamed) as given; with
   * `keepName` an existing customer keeps their name (`name` is then only the
   * name a new customer gets).
   */
  upsertCustomerByExternalId(customer: NewCustomer, options?: { keepName?: boolean }): Promise<Customer>;
  getCustomer(id: string): Promise<Customer | null>;
  findCustomerByResumeKeyHash(hash: string): Promise<Customer | null>;
  /** Changes what is given (`email: null` removes it); null for an unknown customer. */
  updateCustomer(id: string, patch: CustomerPatch): Promise<Customer | null>;
  /** These customers were seen at `at` (a socket connected or went); unknown ids are ignored. */
  recordCustomersSeen(ids: readonly string[], at: string): Promise<void>;

  countAgents(): Promise<number>;
  /** @throws AppError('conflict') when the email is taken (case-insensitively). */
  createAgent(agent: NewAgent): Promise<Agent>;
  getAgent(id: string): Promise<AgentRecord | null>;
  getAgentByEmail(email: string): Promise<AgentRecord | null>;
  listAgents(): Promise<Agent[]>;
  countActiveAdmins(): Promise<number>;
  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null>;

  /** Opens a query with its first message; idempotent per (customer, clientId). */
  createQuery(query: NewQuery): Promise<CreateQueryResult>;
  getQuery(id: string): Promise<Query | null>;
  /** The queries of `ids` that exist, in no particular order: one read for many (coalesced activity updates). */
  getQueries(ids: readonly string[]): Promise<Query[]>;
  listQueries(filter: QueryFilter): Promise<QueryPage>;
  /** Open (not resolved) queries assigned to this agent. */
  listOpenQueryIdsAssignedTo(agentId: string): Promise<string[]>;
  /** Null when the query does not exist. `updatedAt` moves only if something changed. */
  updateQuery(id: string, patch: QueryPatch, at: string): Promise<QueryUpdate | null>;
  listTeams(): Promise<Team[]>;
  /** @throws AppError('invalid_payload') for an unknown member. */
  createTeam(team: NewTeam): Promise<Team>;
  /** Null for an unknown team; `isDefault: true` takes the default from any other team; `memberIds` replaces. */
  updateTeam(id: string, patch: TeamPatch): Promise<Team | null>;
  /** Its queries keep their history and lose their team. False for an unknown team. */
  deleteTeam(id: string): Promise<boolean>;
  /**
   * Hands the team's waiting (unassigned, unresolved) queries to the candidate with the fewest open queries,
   * below capacity, in one transaction that no other node's round for the same team can interleave with: no
   * agent goes above capacity, no query is assigned twice. Each assignment writes its timeline event (no actor)
   * and webhook event like any other.
   */
  autoAssign(request: AutoAssignRequest): Promise<QueryUpdate[]>;
  /** The conversations opened in [start, end) (ISO instants), optionally of one assignee, oldest first. */
  reportRows(range: ReportRange): Promise<ReportRow[]>;
  /** Messages whose text has every word (search/). @throws AppError('invalid_payload') for a bad cursor. */
  searchMessages(search: MessageSearch): Promise<MessageSearchPage>;
  /** Queries whose subject, customer name or email contain every word, or whose id starts with idPrefix; newest first. */
  searchQueries(search: QuerySearch): Promise<Query[]>;
  /** The query's latest `limit` timeline events, oldest first. */
  listTimeline(queryId: string, limit: number): Promise<TimelineEvent[]>;

  /** @throws AppError('not_found') for an unknown query, AppError('conflict') for a clientId reused by another author. */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** Ascending seq. Neither bound = the latest `limit` messages. */
  listMessages(queryId: string, range: MessageRange): Promise<Message[]>;
  /** Moves the user's read cursor forward to seq (never back). Null when the query does not exist. */
  advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null>;

  /** Canned replies (canned-replies/), kept by the same database. */
  readonly cannedReplies: CannedReplyStore;
  /** Uploaded files, metadata and bytes (attachments/). */
  readonly attachments: AttachmentStore;
  /** Customers' ratings of resolved queries (ratings/). */
  readonly ratings: RatingStore;
  /** Webhook endpoints, the outbox and deliveries (webhooks/); events are recorded by the store's own writes. */
  readonly webhooks: WebhookStore;
  /** What the reply emails read and record (email/). */
  readonly notices: NoticeStore;
  readonly jobs: JobRuns;
  readonly settings: SettingsStore;
}
