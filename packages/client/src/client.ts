/**
 * ParleyClient: REST and the live socket behind one object, for a customer
 * (/chat) or an agent (/admin). It owns the pieces (session keeper, connection,
 * outbox, conversations, live lists) and routes socket events between them.
 */
import {
  Namespaces,
  RestRoutes,
  type Ack,
  type AgentListResponse,
  type AgentWithPresence,
  type Attachment,
  type CreateQueryRequest,
  type ListQueriesParams,
  type Message,
  type MessageListResponse,
  type MessageNewEvent,
  type MessageReadEvent,
  type MessageSendResult,
  type PresenceEvent,
  type PresenceStatus,
  type Query,
  type QueryEvent,
  type QueryListResponse,
  type QueryResponse,
  type QueryResult,
  type TypingEvent,
  type UpdateQueryRequest,
  type UserRef,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { SessionKeeper } from './auth/session-keeper.js';
import type { Session } from './auth/session.js';
import type { BackoffOptions } from './connection/backoff.js';
import { Connection } from './connection/connection.js';
import type { ConnectionStatus } from './connection/connection-status.js';
import { newClientId } from './conversation/client-id.js';
import { ConversationImpl, type Conversation } from './conversation/conversation.js';
import { ParleyError } from './errors.js';
import { Outbox } from './outbox/outbox.js';
import type { OutboxEntry } from './outbox/outbox-state.js';
import { LiveQueryList } from './queries/live-query-list.js';
import { LiveQueue, type QueueState } from './queries/live-queue.js';
import type { QueryListState } from './queries/query-list.js';
import { httpBlob, httpRequest, withQuery, type FetchLike } from './rest/http.js';
import { memoryStorage, type KeyValueStorage } from './storage.js';
import { WritableStore, type ReadableStore } from './store.js';

/** An ack not back after this long is treated as lost: the outbox sends again (same clientId, so harmless). */
export const ACK_TIMEOUT_MS = 15_000;
/**
 * The REST calls that follow a reconnect (query list, agents) wait a random
 * moment up to this long: after a mass reconnect they would otherwise all hit
 * the server in the same instant as the handshakes.
 */
export const FOLLOW_UP_JITTER_MS = 1_500;

/** Pause before `createQuery()` asks once more after an `unavailable` failure (a lost response, a proxy's 502). */
export const CREATE_QUERY_RETRY_DELAY_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ParleyClientOptions {
  /** Origin of the server, '' or location.origin in the apps. */
  baseUrl: string;
  /** 'customer' uses /chat, 'agent' uses /admin (agents and admins). */
  kind: 'customer' | 'agent';
  /** Initial credentials, from a sign-in helper. */
  session: Session;
  /** Called when the token expired and could not be renewed silently (agents: show sign-in). Return a new session or null to give up. */
  onSessionExpired?: () => Promise<Session | null>;
  /** Where the outbox survives a reload; default in memory. */
  storage?: KeyValueStorage;
  /** Override fetch (tests, custom agents). */
  fetch?: FetchLike;
  /** Reconnection schedule; default 500 ms base, 30 s cap, full jitter. */
  backoff?: BackoffOptions;
  /** Extra socket.io-client options (tests: `transports`, a proxy URL via baseUrl…). */
  socketOptions?: Record<string, unknown>;
  /** How long an ack may take before it counts as lost (default {@link ACK_TIMEOUT_MS}). */
  ackTimeoutMs?: number;
}

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
  readonly #options: ParleyClientOptions;
  readonly #keeper: SessionKeeper;
  readonly #connection: Connection;
  readonly #outbox: Outbox;
  readonly #conversations = new Map<string, ConversationImpl>();
  readonly #queries: LiveQueryList;
  readonly #queue: LiveQueue;
  /** My own read cursor per query, as marked here: the server echoes it to the room only, not to query lists. */
  readonly #ownReads = new Map<string, number>();
  readonly #presence = new WritableStore<Readonly<Record<string, PresenceStatus>>>({});
  readonly #wired = new WeakSet<Socket>();
  readonly #ackTimeoutMs: number;
  #followUpTimer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribeSession: (() => void) | null = null;
  #presenceWanted: 'online' | 'away' = 'online';

  constructor(options: ParleyClientOptions) {
    this.#options = options;
    this.user = options.session.user;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    const getQueries = (path: string) => this.request<QueryListResponse>('GET', path);
    const normalize = (query: Query) => this.#withOwnRead(query);
    this.#queries = new LiveQueryList(getQueries, this.user.id, normalize);
    this.#queue = new LiveQueue(getQueries, normalize);
    this.#keeper = new SessionKeeper({
      baseUrl: options.baseUrl,
      kind: options.kind,
      session: options.session,
      ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.#outbox = new Outbox({
      storage: options.storage ?? memoryStorage(),
      key: `outbox:${this.user.id}`,
      transport: { send: (entry) => this.#sendEntry(entry) },
      onStored: (message) => this.#conversations.get(message.queryId)?.handleMessage(message),
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
    return this.#queries.store;
  }

  /**
   * The working queue (agents): every open and pending query, all pages, plus resolved ones paged
   * on demand (`loadMoreResolved()`); merged live and reloaded after every reconnect. Empty until `loadQueue()`.
   */
  get queue(): ReadableStore<QueueState> {
    return this.#queue.store;
  }

  /** Agents: presence of every agent by id (from GET /api/agents + presence events). */
  get presence(): ReadableStore<Readonly<Record<string, PresenceStatus>>> {
    return this.#presence;
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
    this.#connection.stop();
    // Their retry and typing timers must not outlive the client; conversation() opens fresh ones.
    for (const conversation of [...this.#conversations.values()]) conversation.dispose();
    this.#conversations.clear();
    this.#outbox.dispose();
    await this.#outbox.flushed();
  }

  /** Opens (joins) a conversation; the same object is returned for the same id while open. */
  conversation(queryId: string): Conversation {
    let conversation = this.#conversations.get(queryId);
    if (!conversation) {
      conversation = new ConversationImpl(queryId, {
        user: this.user,
        kind: this.#options.kind,
        outbox: this.#outbox,
        emitWithAck: (event, payload) => this.#emitWithAck(event, payload),
        emitVolatile: (event, payload) => this.#connection.socket?.emit(event, payload),
        listMessages: (id, params) => this.listMessages(id, params),
        isOnline: () => this.#connection.socket !== null,
        onRead: (id, seq) => this.#ownReadMoved(id, seq),
        onLeave: (left) => {
          if (this.#conversations.get(left.queryId) === left) this.#conversations.delete(left.queryId);
        },
      });
      this.#conversations.set(queryId, conversation);
      const known = this.#queries.find(queryId) ?? this.#queue.find(queryId);
      if (known) conversation.handleQuery(known);
      void conversation.join();
    }
    return conversation;
  }

  /** Loads the next page into `queries` (the first call, or a call with other filters, loads the first page). */
  loadQueries(params?: ListQueriesParams): Promise<void> {
    return this.#queries.load(params);
  }

  /**
   * Reloads the `queries` list now (its first page, replacing what it covers, as after a reconnect);
   * loads the first page when nothing was loaded yet.
   */
  refreshQueries(): Promise<void> {
    return this.#queries.active ? this.#queries.refresh() : this.#queries.load();
  }

  /** Loads the working queue into `queue`: every open and pending query and the first page of resolved ones. Calling it again reloads. */
  loadQueue(): Promise<void> {
    return this.#queue.load();
  }

  /** One more page of resolved queries into `queue` (a no-op when all are loaded). */
  loadMoreResolved(): Promise<void> {
    return this.#queue.loadMoreResolved();
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
    const body: CreateQueryRequest = { ...input, clientId: input.clientId ?? newClientId() };
    const post = () => this.request<QueryResponse>('POST', RestRoutes.queries, body);
    let response: QueryResponse;
    try {
      response = await post();
    } catch (error) {
      // `unavailable` may be a response lost after the query was stored; the clientId makes asking again safe.
      if (!(error instanceof ParleyError) || error.code !== 'unavailable') throw error;
      await sleep(CREATE_QUERY_RETRY_DELAY_MS);
      response = await post();
    }
    return this.#mergeQuery(response.query);
  }

  /** One query, fresh from the server; also refreshes it in `queries` and its open conversation. */
  getQuery(id: string): Promise<Query> {
    return this.request<QueryResponse>('GET', RestRoutes.query(id)).then(({ query }) => this.#mergeQuery(query));
  }

  /** Changes a query (subject, status, …, as the role allows); resolves with the updated query. */
  updateQuery(id: string, patch: UpdateQueryRequest): Promise<Query> {
    return this.request<QueryResponse>('PATCH', RestRoutes.query(id), patch).then(({ query }) => this.#mergeQuery(query));
  }

  /** A range of a query's messages (or, for agents, `internal: true` notes), ascending seq. */
  async listMessages(queryId: string, params: { after?: number; before?: number; limit?: number; internal?: boolean }): Promise<Message[]> {
    const path = withQuery(RestRoutes.messages(queryId), {
      after: params.after,
      before: params.before,
      limit: params.limit,
      internal: params.internal ? 'true' : undefined,
    });
    return (await this.request<MessageListResponse>('GET', path)).messages;
  }

  /** Every agent with their presence; also seeds `presence`. */
  async listAgents(): Promise<AgentWithPresence[]> {
    const { agents } = await this.request<AgentListResponse>('GET', RestRoutes.agents);
    this.#presence.update((current) => ({ ...current, ...Object.fromEntries(agents.map((a) => [a.id, a.status])) }));
    return agents;
  }

  /** Authenticated REST call for features the SDK does not wrap yet; renews an expired token once and retries. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = (): Promise<T> =>
      httpRequest<T>(this.#options.baseUrl, { method, path, body, token: this.#keeper.token }, this.#options.fetch);
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ParleyError) || (error.code !== 'token_expired' && error.code !== 'invalid_token')) throw error;
      if (!(await this.#keeper.renew())) throw error;
      return send();
    }
  }

  /**
   * The bytes of an attachment. `GET /api/attachments/:id` needs the Bearer token, so an
   * `<img src>` or plain link cannot load it: browsers make an object URL of this Blob
   * (`URL.createObjectURL`) and revoke it when done. Renews an expired token once.
   */
  async fetchAttachment(attachment: Pick<Attachment, 'url'>): Promise<Blob> {
    const send = () => httpBlob(this.#options.baseUrl, { path: attachment.url, token: this.#keeper.token }, this.#options.fetch);
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ParleyError) || (error.code !== 'token_expired' && error.code !== 'invalid_token')) throw error;
      if (!(await this.#keeper.renew())) throw error;
      return send();
    }
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
  async setPresence(status: 'online' | 'away'): Promise<void> {
    this.#presenceWanted = status;
    this.#presence.update((p) => ({ ...p, [this.user.id]: status }));
    const ack = await this.#emitWithAck('presence:set', { status });
    if (ack && !ack.ok) throw new ParleyError(ack.error);
  }

  // ------------------------------------------------------------------ internals

  async #queryCommand(event: string, payload: object): Promise<Query> {
    const ack = await this.#emitWithAck<QueryResult>(event, payload);
    if (!ack) throw new ParleyError({ code: 'unavailable', message: 'not connected to the server; try again' });
    if (!ack.ok) throw new ParleyError(ack.error);
    return this.#mergeQuery(ack.query);
  }

  #emitWithAck<T extends object>(event: string, payload: object): Promise<Ack<T> | null> {
    const socket = this.#connection.socket;
    if (!socket) return Promise.resolve(null);
    return new Promise((resolve) => {
      socket.timeout(this.#ackTimeoutMs).emit(event, payload, (error: Error | null, ack: Ack<T>) => resolve(error ? null : ack));
    });
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
    if (!this.#wired.has(socket)) {
      this.#wired.add(socket);
      this.#wire(socket);
    }
    // Joins first: a send ack that lands above the list waits for the join instead of fetching (conversation.ts).
    for (const conversation of this.#conversations.values()) void conversation.join();
    this.#outbox.setOnline(true);
    if (this.#options.kind === 'agent' && this.#presenceWanted === 'away') void this.setPresence('away').catch(() => undefined);
    // Whatever happened while we were away (queries, presence) comes back over REST, a moment later.
    if (this.#followUpTimer) clearTimeout(this.#followUpTimer);
    this.#followUpTimer = setTimeout(() => {
      this.#followUpTimer = null;
      if (this.#connection.socket === null) return;
      if (this.#queries.active) void this.#queries.refresh().catch(() => undefined);
      if (this.#queue.active) void this.#queue.load().catch(() => undefined);
      if (this.#options.kind === 'agent') void this.listAgents().catch(() => undefined);
    }, Math.floor(Math.random() * FOLLOW_UP_JITTER_MS));
  }

  #offline(): void {
    this.#outbox.setOnline(false);
    for (const conversation of this.#conversations.values()) conversation.handleOffline();
  }

  #wire(socket: Socket): void {
    socket.on('message:new', ({ message }: MessageNewEvent) => this.#conversations.get(message.queryId)?.handleMessage(message));
    socket.on('typing', (event: TypingEvent) => this.#conversations.get(event.queryId)?.handleTyping(event));
    socket.on('message:read', (event: MessageReadEvent) => this.#conversations.get(event.queryId)?.handleRead(event));
    socket.on('query:updated', ({ query }: QueryEvent) => this.#mergeQuery(query));
    socket.on('query:created', ({ query }: QueryEvent) => this.#mergeQuery(query));
    socket.on('presence', ({ agentId, status }: PresenceEvent) => this.#presence.update((p) => (p[agentId] === status ? p : { ...p, [agentId]: status })));
  }

  /** Folds a query from any source into the live list (respecting its filters) and its open conversation. */
  #mergeQuery(query: Query): Query {
    this.#conversations.get(query.id)?.handleQuery(query);
    this.#queries.merge(query);
    this.#queue.merge(query);
    return query;
  }

  #ownReadMoved(queryId: string, seq: number): void {
    if ((this.#ownReads.get(queryId) ?? 0) >= seq) return;
    this.#ownReads.set(queryId, seq);
    this.#queries.renormalize(queryId);
    this.#queue.renormalize(queryId);
  }

  /** A query with my own read cursor as I marked it, never behind it (a page or push may predate my read). */
  #withOwnRead(query: Query): Query {
    const mine = this.#ownReads.get(query.id);
    if (mine === undefined) return query;
    const field = this.#options.kind === 'agent' ? 'agentReadSeq' : 'customerReadSeq';
    return query[field] >= mine ? query : { ...query, [field]: mine };
  }
}

function globalOrigin(): string {
  return (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
}
