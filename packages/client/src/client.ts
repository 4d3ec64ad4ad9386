/**
 * ParleyClient: REST and the live socket behind one object, for a customer
 * (/chat) or an agent (/admin). A thin composition: it owns the pieces —
 * session keeper, connection, outbox, REST calls (rest/parley-rest.ts), open
 * conversations, live lists, presence — and joins them: socket events to
 * their handlers (connection/socket-events.ts), a query from any source to
 * every place that shows it, and what a (re)connect sets going.
 */
import {
  Namespaces,
  type Ack,
  type AgentWithPresence,
  type Attachment,
  type CreateQueryRequest,
  type ListQueriesParams,
  type Message,
  type MessageSendResult,
  type PresenceStatus,
  type Query,
  type QueryListResponse,
  type QueryResult,
  type UpdateQueryRequest,
  type UserRef,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { SessionKeeper } from './auth/session-keeper.js';
import type { Session } from './auth/session.js';
import { ACK_TIMEOUT_MS, type ParleyClientOptions } from './client-options.js';
import { Connection } from './connection/connection.js';
import type { ConnectionStatus } from './connection/connection-status.js';
import { emitWithAck } from './connection/emit-with-ack.js';
import { SocketEventRouter } from './connection/socket-events.js';
import type { Conversation } from './conversation/conversation.js';
import { ConversationRegistry } from './conversation/conversation-registry.js';
import { ParleyError } from './errors.js';
import { Outbox } from './outbox/outbox.js';
import type { OutboxEntry } from './outbox/outbox-state.js';
import { PresenceTracker } from './presence/presence-tracker.js';
import { LiveLists } from './queries/live-lists.js';
import type { QueueState } from './queries/live-queue.js';
import type { QueryListState } from './queries/query-list.js';
import { ParleyRest } from './rest/parley-rest.js';
import { memoryStorage } from './storage.js';
import type { ReadableStore } from './store.js';

/**
 * The REST calls that follow a reconnect (query list, agents) wait a random
 * moment up to this long: after a mass reconnect they would otherwise all hit
 * the server in the same instant as the handshakes.
 */
export const FOLLOW_UP_JITTER_MS = 1_500;

/**
 * A `server:resync` is answered after a random moment up to this long: every client of the cluster hears it at
 * once (after a Redis restart, say), and their catch-ups should not reach the database in the same instant.
 */
export const RESYNC_JITTER_MS = 1_500;

/**
 * The Parley SDK's entry point.
 * @example
 * const session = await signInVisitor('', { name: 'Ada' });
 * const client = new ParleyClient({ baseUrl: '', kind: 'customer', session, storage: browserStorage() });
 * client.connect();
 * const query = await client.createQuery({ subject: 'Order #42', body: 'Where is it?' });
 * const chat = client.conversation(query.id);
 * chat.state.subscribe((s) => render(s.messages));
 * chat.send('Any news?');
 */
export class ParleyClient {
  readonly user: UserRef;
  readonly #kind: 'customer' | 'agent';
  readonly #keeper: SessionKeeper;
  readonly #rest: ParleyRest;
  readonly #connection: Connection;
  readonly #outbox: Outbox;
  readonly #conversations: ConversationRegistry;
  readonly #lists: LiveLists;
  readonly #presence: PresenceTracker;
  readonly #events: SocketEventRouter;
  readonly #ackTimeoutMs: number;
  #followUpTimer: ReturnType<typeof setTimeout> | null = null;
  #resyncTimer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribeSession: (() => void) | null = null;

  constructor(options: ParleyClientOptions) {
    this.user = options.session.user;
    this.#kind = options.kind;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.#keeper = new SessionKeeper({
      baseUrl: options.baseUrl,
      kind: options.kind,
      session: options.session,
      ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.#rest = new ParleyRest(options.baseUrl, this.#keeper, options.fetch);
    this.#lists = new LiveLists((path) => this.#rest.request<QueryListResponse>('GET', path), this.user, options.kind);
    this.#presence = new PresenceTracker(this.user.id, (status) => this.#emitWithAck('presence:set', { status }));
    this.#outbox = new Outbox({
      storage: options.storage ?? memoryStorage(),
      key: `outbox:${this.user.id}`,
      transport: { send: (entry) => this.#sendEntry(entry) },
      onStored: (message) => this.#conversations.handleMessage(message),
    });
    this.#conversations = new ConversationRegistry({
      user: this.user,
      kind: options.kind,
      outbox: this.#outbox,
      emitWithAck: (event, payload) => this.#emitWithAck(event, payload),
      emitVolatile: (event, payload) => this.#connection.socket?.emit(event, payload),
      listMessages: (id, params) => this.#rest.listMessages(id, params),
      isOnline: () => this.#connection.socket !== null,
      onRead: (id, seq) => this.#lists.ownReadMoved(id, seq),
    });
    this.#events = new SocketEventRouter({
      message: (message) => this.#conversations.handleMessage(message),
      typing: (event) => this.#conversations.handleTyping(event),
      read: (event) => this.#conversations.handleRead(event),
      query: (query) => this.#mergeQuery(query),
      presence: (event) => this.#presence.handle(event),
      resync: () => this.#resync(),
    });
    const namespace = options.kind === 'agent' ? Namespaces.Admin : Namespaces.Chat;
    this.#connection = new Connection({
      url: (options.baseUrl || globalOrigin()).replace(/\/+$/, '') + namespace,
      getToken: () => this.#keeper.token,
      renewToken: () => this.#keeper.renew(),
      onOnline: (socket) => this.#online(socket),
      onOffline: () => this.#offline(),
      ackTimeoutMs: this.#ackTimeoutMs,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.socketOptions ? { socketOptions: options.socketOptions } : {}),
    });
  }

  /** Connection state for a status bar. */
  get status(): ReadableStore<ConnectionStatus> {
    return this.#connection.status;
  }

  /** Messages waiting to be sent, across all queries (for "3 messages waiting" banners). */
  get pendingCount(): ReadableStore<number> {
    return this.#outbox.pendingCount;
  }

  /** Live list: agents see every query (query:created/updated merged), customers their own. Sorted by updatedAt desc. */
  get queries(): ReadableStore<QueryListState> {
    return this.#lists.queries;
  }

  /**
   * The working queue (agents): every open and pending query, all pages, plus resolved ones paged
   * on demand (`loadMoreResolved()`); merged live and reloaded after every reconnect. Empty until `loadQueue()`.
   */
  get queue(): ReadableStore<QueueState> {
    return this.#lists.queue;
  }

  /** Agents: presence of every agent by id (from GET /api/agents + presence events). */
  get presence(): ReadableStore<Readonly<Record<string, PresenceStatus>>> {
    return this.#presence.store;
  }

  /** The session in use; changes when the token is renewed (persist it if you keep sessions across reloads). */
  get session(): ReadableStore<Session> {
    return this.#keeper.session;
  }

  /** The current token (for Authorization headers on uploads / attachment URLs). */
  get token(): string {
    return this.#keeper.token;
  }

  /** Opens the socket; safe to call twice. After `close()` or `auth_failed` it starts again. */
  connect(): void {
    this.#keeper.start();
    // A token renewed ahead of expiry goes to the live socket, which then stays open.
    this.#unsubscribeSession ??= this.#keeper.session.subscribe(() => this.#connection.tokenRenewed());
    this.#connection.start();
  }

  /**
   * Renews the token now (resumeKey or signed identity for customers, refresh or
   * `onSessionExpired` for agents) and hands it to the live socket. Resolves
   * false when it could not be renewed. For uploads and other calls the app
   * makes itself after a 401.
   */
  renewToken(): Promise<boolean> {
    return this.#keeper.renew();
  }

  /** Tries to reconnect at once instead of waiting for the next scheduled attempt (a "retry now" button). */
  reconnectNow(): void {
    this.#connection.reconnectNow();
  }

  /** Stops reconnecting and closes the socket; the outbox stays in storage for next time. */
  async close(): Promise<void> {
    this.#keeper.stop();
    this.#unsubscribeSession?.();
    this.#unsubscribeSession = null;
    if (this.#followUpTimer) clearTimeout(this.#followUpTimer);
    this.#followUpTimer = null;
    if (this.#resyncTimer) clearTimeout(this.#resyncTimer);
    this.#resyncTimer = null;
    this.#connection.stop();
    // Their retry and typing timers must not outlive the client; conversation() opens fresh ones.
    this.#conversations.disposeAll();
    this.#outbox.dispose();
    await this.#outbox.flushed();
  }

  /** Opens (joins) a conversation; the same object is returned for the same id while open. */
  conversation(queryId: string): Conversation {
    return this.#conversations.open(queryId, () => this.#lists.find(queryId));
  }

  /** Loads the next page into `queries` (the first call, or a call with other filters, loads the first page). */
  loadQueries(params?: ListQueriesParams): Promise<void> {
    return this.#lists.loadQueries(params);
  }

  /**
   * Reloads the `queries` list now (its first page, replacing what it covers, as after a reconnect);
   * loads the first page when nothing was loaded yet.
   */
  refreshQueries(): Promise<void> {
    return this.#lists.refreshQueries();
  }

  /** Loads the working queue into `queue`: every open and pending query and the first page of resolved ones. Calling it again reloads. */
  loadQueue(): Promise<void> {
    return this.#lists.loadQueue();
  }

  /** One more page of resolved queries into `queue` (a no-op when all are loaded). */
  loadMoreResolved(): Promise<void> {
    return this.#lists.loadMoreResolved();
  }

  // ------------------------------------------------------------------------ REST

  /**
   * Opens a query (customers) with its first message; it enters `queries` at once.
   *
   * Idempotent: the request carries `input.clientId`, or one made here when the
   * caller gives none, and every retry of this call (after a lost response, or
   * after renewing an expired token) reuses it, so the server returns the query
   * it already opened instead of opening a second one. Give your own clientId,
   * one per draft, to make retries of your own (a "Try again" button) safe too.
   * @example
   * const draftId = crypto.randomUUID();
   * await client.createQuery({ subject: 'Order #42', body: 'Where is it?', clientId: draftId });
   */
  async createQuery(input: CreateQueryRequest): Promise<Query> {
    return this.#mergeQuery(await this.#rest.createQuery(input));
  }

  /** One query, fresh from the server; also refreshes it in `queries` and its open conversation. */
  async getQuery(id: string): Promise<Query> {
    return this.#mergeQuery(await this.#rest.getQuery(id));
  }

  /** Changes a query (subject, status, …, as the role allows); resolves with the updated query. */
  async updateQuery(id: string, patch: UpdateQueryRequest): Promise<Query> {
    return this.#mergeQuery(await this.#rest.updateQuery(id, patch));
  }

  /** A range of a query's messages (or, for agents, `internal: true` notes), ascending seq. */
  listMessages(queryId: string, params: { after?: number; before?: number; limit?: number; internal?: boolean }): Promise<Message[]> {
    return this.#rest.listMessages(queryId, params);
  }

  /** Every agent with their presence; also seeds `presence`. */
  async listAgents(): Promise<AgentWithPresence[]> {
    const agents = await this.#rest.listAgents();
    this.#presence.seed(agents);
    return agents;
  }

  /** Authenticated REST call for features the SDK does not wrap yet; renews an expired token once and retries. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#rest.request<T>(method, path, body);
  }

  /**
   * The bytes of an attachment. `GET /api/attachments/:id` needs the Bearer token, so an
   * `<img src>` or plain link cannot load it: browsers make an object URL of this Blob
   * (`URL.createObjectURL`) and revoke it when done. Renews an expired token once.
   */
  fetchAttachment(attachment: Pick<Attachment, 'url'>): Promise<Blob> {
    return this.#rest.fetchAttachment(attachment);
  }

  // ------------------------------------------------------------ agents, over the socket

  /** Agents: assigns a query to `agentId`, or to me when omitted. Rejects with ParleyError (`unavailable` when offline). */
  assign(queryId: string, agentId?: string): Promise<Query> {
    return this.#queryCommand('query:assign', agentId ? { queryId, agentId } : { queryId });
  }

  /** Agents: marks a query resolved. */
  resolve(queryId: string): Promise<Query> {
    return this.#queryCommand('query:resolve', { queryId });
  }

  /** Agents: reopens a resolved query. */
  reopen(queryId: string): Promise<Query> {
    return this.#queryCommand('query:reopen', { queryId });
  }

  /** Online or away; kept across reconnects. */
  setPresence(status: 'online' | 'away'): Promise<void> {
    return this.#presence.set(status);
  }

  // ------------------------------------------------------------------ internals

  async #queryCommand(event: string, payload: object): Promise<Query> {
    const ack = await this.#emitWithAck<QueryResult>(event, payload);
    if (!ack) throw new ParleyError({ code: 'unavailable', message: 'not connected to the server; try again' });
    if (!ack.ok) throw new ParleyError(ack.error);
    return this.#mergeQuery(ack.query);
  }

  #emitWithAck<T extends object>(event: string, payload: object): Promise<Ack<T> | null> {
    return emitWithAck<T>(this.#connection.socket, this.#ackTimeoutMs, event, payload);
  }

  #sendEntry(entry: OutboxEntry): Promise<Ack<MessageSendResult> | null> {
    return this.#emitWithAck<MessageSendResult>('message:send', {
      queryId: entry.queryId,
      clientId: entry.clientId,
      body: entry.body,
      ...(entry.internal ? { internal: true } : {}),
      ...(entry.attachmentIds.length > 0 ? { attachmentIds: entry.attachmentIds } : {}),
    });
  }

  #online(socket: Socket): void {
    this.#events.attach(socket);
    // Joins first: a send ack that lands above the list waits for the join instead of fetching (conversation.ts).
    this.#conversations.joinAll();
    this.#outbox.setOnline(true);
    if (this.#kind === 'agent') this.#presence.restore();
    // Whatever happened while we were away (queries, presence) comes back over REST, a moment later.
    if (this.#followUpTimer) clearTimeout(this.#followUpTimer);
    this.#followUpTimer = setTimeout(() => {
      this.#followUpTimer = null;
      if (this.#connection.socket === null) return;
      this.#lists.reloadActive();
      if (this.#kind === 'agent') void this.listAgents().catch(() => undefined);
    }, Math.floor(Math.random() * FOLLOW_UP_JITTER_MS));
  }

  /**
   * The server says live events may have been lost (its Redis or database was away): every open conversation
   * joins again after what it holds, lists and presence reload. Resyncs arriving together (one per node) are
   * answered once.
   */
  #resync(): void {
    if (this.#resyncTimer) return;
    this.#resyncTimer = setTimeout(() => {
      this.#resyncTimer = null;
      // Offline: the reconnect will catch up anyway.
      if (this.#connection.socket === null) return;
      this.#conversations.joinAll();
      this.#lists.reloadActive();
      if (this.#kind === 'agent') void this.listAgents().catch(() => undefined);
    }, Math.floor(Math.random() * RESYNC_JITTER_MS));
  }

  #offline(): void {
    this.#outbox.setOnline(false);
    this.#conversations.handleOffline();
  }

  /** Folds a query from any source into its open conversation and the live lists (each respecting its filters). */
  #mergeQuery(query: Query): Query {
    this.#conversations.handleQuery(query);
    this.#lists.merge(query);
    return query;
  }
}

function globalOrigin(): string {
  return (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
}
