/**
 * What every Parley client has — customers' ({@link CustomerClient}) and
 * agents' ({@link AgentClient}) — as one abstract class: REST and the live
 * socket behind one object. It owns the parts and names how they meet:
 *
 * - `connection` is the live socket, typed by the namespace's maps; the parts
 *   that talk over it see it as a {@link LiveLink};
 * - `conversation.send()` puts a message in the `outbox`, which sends it with
 *   its {@link MessageSender} over the link and hands the stored message to the
 *   `conversations` registry, which gives it to its conversation;
 * - live events enter through the `events` router and go to the registry, the
 *   `lists` and `presence`;
 * - a (re)connect re-joins every open conversation, lets the outbox send, and
 *   reloads lists; so does a `server:resync`.
 */
import {
  type Attachment,
  type ChatServerToClientEvents,
  type ListQueriesParams,
  type Message,
  type Query,
  type SearchResponse,
  type UserRef,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { SessionKeeper } from '../auth/session-keeper.js';
import { AgentStatuses, type PresenceMap } from '../presence/agent-statuses.js';
import type { Session } from '../auth/session.js';
import { Connection } from '../connection/connection.js';
import type { ConnectionStatus } from '../connection/connection-status.js';
import type { EventsMap } from '../connection/emit-with-ack.js';
import type { ConversationEvents, LiveLink } from '../connection/live-link.js';
import { SocketEventRouter, type SocketEventHandlers } from '../connection/socket-events.js';
import type { Conversation } from '../conversation/conversation.js';
import { ConversationRegistry } from '../conversation/conversation-registry.js';
import { Outbox } from '../outbox/outbox.js';
import { LiveLists } from '../queries/live-lists.js';
import type { QueryListState } from '../queries/query-list.js';
import { ParleyRest, type MessageRange } from '../rest/parley-rest.js';
import { memoryStorage } from '../storage.js';
import type { ReadableStore } from '../store.js';
import type { ClientOptions } from './client-options.js';
import { MessageSender } from './message-sender.js';

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

/** Which side a client is, and its namespace. */
export type ClientKind = 'customer' | 'agent';

/** How {@link ParleyClient.close} ends the session on this device. */
export interface CloseOptions {
  /** Drop every message not stored yet, from memory and storage (a deliberate sign-out on a shared machine). */
  discardUnsent?: boolean;
}

export abstract class ParleyClient<Listen extends ChatServerToClientEvents & EventsMap, Emit extends ConversationEvents & EventsMap> {
  readonly user: UserRef;
  readonly kind: ClientKind;
  protected readonly keeper: SessionKeeper;
  protected readonly rest: ParleyRest;
  protected readonly connection: Connection<Listen, Emit>;
  protected readonly outbox: Outbox;
  protected readonly conversations: ConversationRegistry;
  protected readonly lists: LiveLists;
  /** Agents' presence: the whole team for agents, the agents of my joined queries for customers. */
  protected readonly statuses = new AgentStatuses();
  readonly #events: SocketEventRouter;
  #followUpTimer: ReturnType<typeof setTimeout> | null = null;
  #resyncTimer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribeSession: (() => void) | null = null;

  protected constructor(kind: ClientKind, namespace: string, options: ClientOptions) {
    this.user = options.session.user;
    this.kind = kind;
    this.keeper = new SessionKeeper({
      baseUrl: options.baseUrl,
      kind,
      session: options.session,
      ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.rest = new ParleyRest(options.baseUrl, this.keeper, options.fetch);
    this.connection = new Connection<Listen, Emit>({
      url: (options.baseUrl || globalOrigin()).replace(/\/+$/, '') + namespace,
      tokens: this.keeper,
      listener: { online: (socket) => this.online(socket), offline: () => this.#offline() },
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.socketOptions ? { socketOptions: options.socketOptions } : {}),
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    });
    // Both namespaces' maps fit a conversation's (live-link.ts checks it), so the connection serves as one.
    const link: LiveLink<ConversationEvents> = this.connection as unknown as LiveLink<ConversationEvents>;
    this.lists = new LiveLists(this.rest, this.user, kind);
    this.outbox = new Outbox({
      storage: options.storage ?? memoryStorage(),
      key: `outbox:${this.user.id}`,
      transport: new MessageSender(link),
      // Stored messages go to their conversations (the registry is made next: it needs this outbox).
      stored: { handleMessage: (message) => this.conversations.handleMessage(message) },
    });
    this.conversations = new ConversationRegistry({ user: this.user, kind, outbox: this.outbox, link, history: this.rest, reads: this.lists });
    this.#events = new SocketEventRouter(this.eventHandlers());
  }

  /** Connection state for a status bar. */
  get status(): ReadableStore<ConnectionStatus> {
    return this.connection.status;
  }

  /** Messages waiting to be sent, across all queries (for "3 messages waiting" banners). */
  get pendingCount(): ReadableStore<number> {
    return this.outbox.pendingCount;
  }

  /**
   * Agents' presence by id. Agents: every agent (seeded by `listAgents()`, then live). Customers: the agents
   * of the queries they joined, as their status changes — e.g. "Ann is online" next to the assignee.
   */
  get presence(): ReadableStore<PresenceMap> {
    return this.statuses.store;
  }

  /** Live list: agents see every query (query:created/updated merged), customers their own. Sorted by updatedAt desc. */
  get queries(): ReadableStore<QueryListState> {
    return this.lists.queries;
  }

  /** The session in use; changes when the token is renewed (persist it if you keep sessions across reloads). */
  get session(): ReadableStore<Session> {
    return this.keeper.session;
  }

  /** The current token (for Authorization headers on uploads). */
  get token(): string {
    return this.keeper.token;
  }

  /** Opens the socket; safe to call twice. After `close()` or `auth_failed` it starts again. */
  connect(): void {
    this.keeper.start();
    // A token renewed ahead of expiry goes to the live socket, which then stays open.
    this.#unsubscribeSession ??= this.keeper.session.subscribe(() => this.connection.tokenRenewed());
    this.connection.start();
  }

  /**
   * Renews the token now (resumeKey or signed identity for customers, refresh or
   * `onSessionExpired` for agents) and hands it to the live socket. Resolves
   * false when it could not be renewed. For uploads and other calls the app
   * makes itself after a 401.
   */
  renewToken(): Promise<boolean> {
    return this.keeper.renew();
  }

  /** Tries to reconnect at once instead of waiting for the next scheduled attempt (a "retry now" button). */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  /**
   * Stops reconnecting and closes the socket. The outbox stays in storage for the user's next session (a
   * session that expired), unless `discardUnsent`: a deliberate sign-out on a shared machine, which leaves no
   * unsent message on the device ({@link pendingCount} says how many there are, to ask first). The messages
   * discarded reject: `not_found`, or `unavailable` for one in flight, which the server may have stored.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    this.keeper.stop();
    this.#unsubscribeSession?.();
    this.#unsubscribeSession = null;
    for (const timer of [this.#followUpTimer, this.#resyncTimer]) if (timer) clearTimeout(timer);
    this.#followUpTimer = null;
    this.#resyncTimer = null;
    this.connection.stop();
    // Their retry and typing timers must not outlive the client; conversation() opens fresh ones.
    this.conversations.disposeAll();
    this.outbox.dispose();
    if (options.discardUnsent) await this.outbox.discardAll();
    else await this.outbox.flushed();
  }

  /** Opens (joins) a conversation; the same object is returned for the same id while open. */
  conversation(queryId: string): Conversation {
    return this.conversations.open(queryId, () => this.lists.find(queryId));
  }

  /** Loads the next page into `queries` (the first call, or a call with other filters, loads the first page). */
  loadQueries(params?: ListQueriesParams): Promise<void> {
    return this.lists.loadQueries(params);
  }

  /**
   * Reloads the `queries` list now (its first page, replacing what it covers, as after a reconnect);
   * loads the first page when nothing was loaded yet.
   */
  refreshQueries(): Promise<void> {
    return this.lists.refreshQueries();
  }

  /** One query, fresh from the server; also refreshes it in `queries` and its open conversation. */
  async getQuery(id: string): Promise<Query> {
    return this.mergeQuery(await this.rest.getQuery(id));
  }

  /** A range of a query's messages (or, for agents, `internal: true` notes), ascending seq. */
  listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    return this.rest.listMessages(queryId, range);
  }

  /**
   * The bytes of an attachment. `GET /api/attachments/:id` needs the Bearer token, so an
   * `<img src>` or plain link cannot load it: browsers make an object URL of this Blob
   * (`URL.createObjectURL`) and revoke it when done. Renews an expired token once.
   */
  fetchAttachment(attachment: Pick<Attachment, 'url'>): Promise<Blob> {
    return this.rest.fetchAttachment(attachment);
  }

  /**
   * Searches by words: agents find any query (subject, customer name or email, start of its id) and any message
   * of any status, notes included; customers their own queries' messages. Message hits come newest first with
   * a snippet whose matches are marked (`[start, end)` offsets); page on with `nextCursor`.
   */
  search(q: string, page?: { cursor?: string; limit?: number }): Promise<SearchResponse> {
    return this.rest.search(q, page);
  }

  /** Deletes an upload of mine that will not be sent after all (not once it is on a message). */
  deleteAttachment(attachment: Pick<Attachment, 'url'>): Promise<void> {
    return this.rest.deleteAttachment(attachment);
  }

  // ------------------------------------------------------------ for the subclasses

  /** Where each live event goes. */
  protected eventHandlers(): SocketEventHandlers {
    return {
      message: (message) => this.conversations.handleMessage(message),
      typing: (event) => this.conversations.handleTyping(event),
      read: (event) => this.conversations.handleRead(event),
      query: (query) => this.mergeQuery(query),
      presence: (event) => this.statuses.handle(event),
      timeline: (event) => this.conversations.handleTimeline(event),
      // Agents only (AgentClient handles them); a customer's socket never receives them.
      customerPresence: () => undefined,
      customerUpdated: () => undefined,
      settings: () => undefined,
      teams: () => undefined,
      resync: () => this.#resync(),
    };
  }

  /** Each (re)connect: live events wired, conversations re-joined, the outbox sending, lists reloaded a moment later. */
  protected online(socket: Socket<Listen>): void {
    this.#events.attach(socket);
    // Joins first: a send ack that lands above the list waits for the join instead of fetching (conversation.ts).
    this.conversations.joinAll();
    this.outbox.setOnline(true);
    // Whatever happened while we were away comes back over REST, a moment later.
    if (this.#followUpTimer) clearTimeout(this.#followUpTimer);
    const onlineAt = performance.now();
    this.#followUpTimer = setTimeout(() => {
      this.#followUpTimer = null;
      if (this.connection.online) this.reloadAfterGap(onlineAt);
    }, Math.floor(Math.random() * FOLLOW_UP_JITTER_MS));
  }

  /**
   * What may have changed unseen (after a reconnect or a resync): the lists in use; agents also presence.
   * @param onlineSince when the socket came online: lists read from the start since then are current (a resync
   *   passes nothing: events may have been lost while online).
   */
  protected reloadAfterGap(onlineSince?: number): void {
    this.lists.reloadActive(onlineSince);
  }

  /** Folds a query from any source into its open conversation and the live lists (each respecting its filters). */
  protected mergeQuery(query: Query): Query {
    this.conversations.handleQuery(query);
    this.lists.merge(query);
    return query;
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
      if (!this.connection.online) return;
      this.conversations.joinAll();
      this.reloadAfterGap();
    }, Math.floor(Math.random() * RESYNC_JITTER_MS));
  }

  #offline(): void {
    this.outbox.setOnline(false);
    this.conversations.handleOffline();
  }
}

function globalOrigin(): string {
  return (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
}
