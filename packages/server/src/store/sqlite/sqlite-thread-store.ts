/**
 * The embedded store, run in a worker thread (the default): the same SQLite
 * store (sqlite-store.ts), opened and driven in a thread of its own, so no SQL
 * statement and no commit's fsync ever blocks the event loop that reads and
 * writes sockets.
 *
 * Appends are grouped here, on the event loop, by the same
 * {@link GroupCommitQueue} as PostgreSQL's: one batch in the worker at a time,
 * and under load a second one behind it (the worker commits them one after
 * the other, in the order sent); whatever arrives meanwhile forms the next,
 * and each caller's promise
 * settles after the commit holding its message — so seq follows call order
 * and every ack still follows its own durable commit. Every other call is one
 * message to the worker, answered in the order made.
 *
 * Attachment bytes are files: received into the spool and streamed out here
 * (a stream cannot cross threads); their rows live in the worker's database.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Agent, Customer, Message, Query, Team, TimelineEvent, UserRef } from '@parley/protocol';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from '../../attachments/attachment-store.js';
import { UploadSpool, type ReceivedFile } from '../../attachments/upload-spool.js';
import type { CannedReplyStore } from '../../canned-replies/canned-reply-store.js';
import type { RatingStore } from '../../ratings/rating-store.js';
import type { WebhookStore } from '../../webhooks/webhook-store.js';
import type { NoticeStore } from '../../email/notice-store.js';
import { GroupCommitQueue, type GroupCommitOptions } from '../group-commit.js';
import type {
  AgentPatch, AgentRecord, AppendResult, CommitStats, CustomerPatch, CreateQueryResult, JobRuns, MessageRange, NewAgent, NewCustomer,
  NewMessage, NewQuery, QueryFilter, QueryPage, QueryPatch, QueryUpdate, MessageSearch, MessageSearchPage, QuerySearch, ReportRow, ReportRange, NewTeam, TeamPatch, AutoAssignRequest, ReadCursorResult, SettingsStore, Store,
} from '../store.js';
import { ATTACHMENT_DIR } from './sqlite-attachments.js';
import { SqliteThreadLink, type ThreadLinkLog } from './sqlite-thread-link.js';
import { type CallTarget, decodeOutcomes, type EncodedOutcome } from './thread-messages.js';

export interface SqliteThreadStoreOptions {
  /** Directory holding parley.db (created if missing). */
  dataDir: string;
  commit: GroupCommitOptions;
  /** Called with the size of every committed batch (metrics). */
  onBatch?: (size: number) => void;
  log?: ThreadLinkLog;
}

/**
 * Append batches handed to the worker at once, and how many appends must wait before a second one is handed over
 * (docs/performance.md, "The embedded store in a worker thread": measured against one at a time).
 */
const PIPELINE = { maxInFlight: 2, minBatch: 64 };

/** A part of the store whose every method is one call to the worker. */
function remote<T extends object>(link: SqliteThreadLink, target: CallTarget): T {
  return new Proxy({} as T, {
    get: (_, method) => (typeof method === 'string' && method !== 'then' ? (...args: unknown[]) => link.call(target, method, args) : undefined),
  });
}

export class SqliteThreadStore implements Store {
  readonly #link: SqliteThreadLink;
  readonly #appends: GroupCommitQueue<NewMessage, AppendResult>;
  readonly cannedReplies: CannedReplyStore;
  readonly attachments: AttachmentStore;
  readonly ratings: RatingStore;
  readonly webhooks: WebhookStore;
  readonly notices: NoticeStore;
  readonly jobs: JobRuns;
  readonly settings: SettingsStore;

  private constructor(link: SqliteThreadLink, options: SqliteThreadStoreOptions) {
    this.#link = link;
    this.#appends = new GroupCommitQueue(
      async (items) => decodeOutcomes((await link.call('store', 'commitAppends', [items])) as EncodedOutcome<AppendResult>[]),
      options.commit,
      options.onBatch,
      // The worker reads its messages in order, so under load a second batch can wait in its queue while the first
      // commits: the worker never idles while the event loop takes in a batch's results.
      PIPELINE,
    );
    this.cannedReplies = remote(link, 'cannedReplies');
    this.ratings = remote(link, 'ratings');
    this.webhooks = remote(link, 'webhooks');
    this.notices = remote(link, 'notices');
    this.jobs = remote(link, 'jobs');
    this.settings = {
      // The value is made here, whether or not it is needed: a function cannot cross threads.
      getOrCreate: async (name, make) => (await link.call('settings', 'getOrCreate', [name, make()])) as string,
      get: async (name) => (await link.call('settings', 'get', [name])) as string | null,
      set: async (name, value) => void (await link.call('settings', 'set', [name, value])),
    };
    this.attachments = new ThreadAttachments(link, join(options.dataDir, ATTACHMENT_DIR));
  }

  /**
   * Starts the worker, which opens the database and brings its schema up to date.
   * @throws what opening failed with (e.g. a database written by a newer server)
   */
  static async open(options: SqliteThreadStoreOptions): Promise<SqliteThreadStore> {
    return new SqliteThreadStore(await SqliteThreadLink.open(options.dataDir, options.log), options);
  }

  /** The worker's end, for tests and failure drills ({@link SqliteThreadLink.kill}). */
  get thread(): Pick<SqliteThreadLink, 'kill' | 'restarts'> {
    return this.#link;
  }

  async ping(): Promise<void> {
    await this.#link.call('store', 'ping', []);
  }

  /** Unavailable from a worker's death until a new one has opened the database. */
  watchAvailability(listener: (available: boolean) => void): () => void {
    return this.#link.watch(listener);
  }

  async flush(): Promise<void> {
    await this.#appends.flush();
  }

  async close(): Promise<void> {
    await this.#appends.flush();
    await this.#link.close();
  }

  commitStats(): CommitStats {
    const s = this.#appends.stats;
    return { commits: s.commits, messages: s.items, largestBatch: s.largestBatch, groupedCommits: s.groupedCommits, queued: this.#appends.pending };
  }

  appendMessage(message: NewMessage): Promise<AppendResult> {
    return this.#appends.enqueue(message);
  }

  #call<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.#link.call('store', method, args) as Promise<T>;
  }

  createCustomer(c: NewCustomer): Promise<Customer> {
    return this.#call('createCustomer', c);
  }

  upsertCustomerByExternalId(c: NewCustomer, options: { keepName?: boolean } = {}): Promise<Customer> {
    return this.#call('upsertCustomerByExternalId', c, options);
  }

  getCustomer(id: string): Promise<Customer | null> {
    return this.#call('getCustomer', id);
  }

  findCustomerByResumeKeyHash(hash: string): Promise<Customer | null> {
    return this.#call('findCustomerByResumeKeyHash', hash);
  }

  updateCustomer(id: string, patch: CustomerPatch): Promise<Customer | null> {
    return this.#call('updateCustomer', id, patch);
  }

  recordCustomersSeen(ids: readonly string[], at: string): Promise<void> {
    return this.#call('recordCustomersSeen', ids, at);
  }

  countAgents(): Promise<number> {
    return this.#call('countAgents');
  }

  countActiveAdmins(): Promise<number> {
    return this.#call('countActiveAdmins');
  }

  createAgent(a: NewAgent): Promise<Agent> {
    return this.#call('createAgent', a);
  }

  getAgent(id: string): Promise<AgentRecord | null> {
    return this.#call('getAgent', id);
  }

  getAgentByEmail(email: string): Promise<AgentRecord | null> {
    return this.#call('getAgentByEmail', email);
  }

  listAgents(): Promise<Agent[]> {
    return this.#call('listAgents');
  }

  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.#call('updateAgent', id, patch);
  }

  createQuery(q: NewQuery): Promise<CreateQueryResult> {
    return this.#call('createQuery', q);
  }

  getQuery(id: string): Promise<Query | null> {
    return this.#call('getQuery', id);
  }

  getQueries(ids: readonly string[]): Promise<Query[]> {
    return this.#call('getQueries', ids);
  }

  listQueries(filter: QueryFilter): Promise<QueryPage> {
    return this.#call('listQueries', filter);
  }

  listOpenQueryIdsAssignedTo(agentId: string): Promise<string[]> {
    return this.#call('listOpenQueryIdsAssignedTo', agentId);
  }

  listTeams(): Promise<Team[]> {
    return this.#call('listTeams');
  }

  createTeam(team: NewTeam): Promise<Team> {
    return this.#call('createTeam', team);
  }

  updateTeam(id: string, patch: TeamPatch): Promise<Team | null> {
    return this.#call('updateTeam', id, patch);
  }

  deleteTeam(id: string): Promise<boolean> {
    return this.#call('deleteTeam', id);
  }

  autoAssign(request: AutoAssignRequest): Promise<QueryUpdate[]> {
    return this.#call('autoAssign', request);
  }

  reportRows(range: ReportRange): Promise<ReportRow[]> {
    return this.#call('reportRows', range);
  }

  searchMessages(search: MessageSearch): Promise<MessageSearchPage> {
    return this.#call('searchMessages', search);
  }

  searchQueries(search: QuerySearch): Promise<Query[]> {
    return this.#call('searchQueries', search);
  }

  listTimeline(queryId: string, limit: number): Promise<TimelineEvent[]> {
    return this.#call('listTimeline', queryId, limit);
  }

  updateQuery(id: string, patch: QueryPatch, at: string): Promise<QueryUpdate | null> {
    return this.#call('updateQuery', id, patch, at);
  }

  listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    return this.#call('listMessages', queryId, range);
  }

  advanceReadCursor(queryId: string, user: UserRef, seq: number): Promise<ReadCursorResult | null> {
    return this.#call('advanceReadCursor', queryId, user, seq);
  }
}

/** Attachments: bytes through this thread's spool and file streams, rows through the worker. */
class ThreadAttachments implements AttachmentStore {
  readonly #link: SqliteThreadLink;
  readonly #spool: UploadSpool;

  constructor(link: SqliteThreadLink, dir: string) {
    this.#link = link;
    this.#spool = new UploadSpool(dir);
  }

  receive(stream: Readable): Promise<ReceivedFile> {
    return this.#spool.receive(stream);
  }

  discard(received: ReceivedFile): Promise<void> {
    return this.#spool.discard(received);
  }

  async open(id: string): Promise<Readable> {
    return createReadStream((await this.#call('pathOf', id)) as string);
  }

  create(attachment: NewAttachment, received: ReceivedFile): Promise<AttachmentRecord> {
    return this.#call('create', attachment, received) as Promise<AttachmentRecord>;
  }

  get(id: string): Promise<AttachmentRecord | null> {
    return this.#call('get', id) as Promise<AttachmentRecord | null>;
  }

  deleteUnclaimed(id: string): Promise<AttachmentRecord | null> {
    return this.#call('deleteUnclaimed', id) as Promise<AttachmentRecord | null>;
  }

  listUnclaimedBefore(before: string, limit: number): Promise<AttachmentRecord[]> {
    return this.#call('listUnclaimedBefore', before, limit) as Promise<AttachmentRecord[]>;
  }

  bytesForQuery(queryId: string): Promise<number> {
    return this.#call('bytesForQuery', queryId) as Promise<number>;
  }

  sweepLeftovers(): Promise<number> {
    return this.#call('sweepLeftovers') as Promise<number>;
  }

  #call(method: string, ...args: unknown[]): Promise<unknown> {
    return this.#link.call('attachments', method, args);
  }
}
