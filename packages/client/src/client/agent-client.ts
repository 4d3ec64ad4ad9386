/**
 * The agents' client (/admin, agents and admins): the working queue, every
 * query, presence, assignment and status, canned replies, and the admins'
 * management of agents.
 */
import {
  Namespaces,
  type Ack,
  type AdminClientToServerEvents,
  type AdminServerToClientEvents,
  type Agent,
  type AgentWithPresence,
  type CannedReply,
  type CannedReplyRequest,
  type CreateAgentRequest,
  type Query,
  type QueryResult,
  type UpdateAgentRequest,
  type UpdateCannedReplyRequest,
  type CapabilitiesResponse,
  type Customer,
  type UpdateMeRequest,
  type UpdateCustomerRequest,
  type UpdateSettingsRequest,
  type ReportParams,
  type Team,
  type CreateTeamRequest,
  type UpdateTeamRequest,
  type ReportResponse,
  type WorkspaceSettings,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookDelivery,
  type WebhookDeliveryListResponse,
  type WebhookEndpoint,
  type WebhookResponse,
  type UpdateQueryRequest,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { ParleyError } from '../errors.js';
import { PresenceTracker } from '../presence/presence-tracker.js';
import type { SocketEventHandlers } from '../connection/socket-events.js';
import { CustomerDirectory, type CustomerCard, type CustomerCards } from '../customers/customer-directory.js';
import type { QueueState } from '../queries/live-queue.js';
import { WritableStore, type ReadableStore } from '../store.js';
import type { ClientOptions } from './client-options.js';
import { ParleyClient } from './parley-client.js';

/**
 * An agent's (or admin's) client.
 * @example
 * const session = await signInAgent('', 'ann@example.com', password);
 * const client = new AgentClient({ baseUrl: '', session, onSessionExpired: askToSignIn });
 * client.connect();
 * await client.loadQueue();
 * client.queue.subscribe((q) => render(q.queries));
 */
export class AgentClient extends ParleyClient<AdminServerToClientEvents, AdminClientToServerEvents> {
  readonly #presence: PresenceTracker;
  readonly #customers: CustomerDirectory;
  readonly #settings = new WritableStore<WorkspaceSettings | null>(null);
  readonly #teams = new WritableStore<Team[] | null>(null);
  /** `teams:changed` events received: a load that started before the latest one must not overwrite it. */
  #teamsChanges = 0;

  constructor(options: ClientOptions) {
    super('agent', Namespaces.Admin, options);
    this.#presence = new PresenceTracker(this.user.id, this.connection, this.statuses);
    this.#customers = new CustomerDirectory(this.rest);
  }

  /**
   * The working queue: every open and pending query, all pages, plus resolved ones paged
   * on demand (`loadMoreResolved()`); merged live and reloaded after every reconnect. Empty until `loadQueue()`.
   */
  get queue(): ReadableStore<QueueState> {
    return this.lists.queue;
  }

  /** Loads the working queue into `queue`: every open and pending query and the first page of resolved ones. Calling it again reloads. */
  loadQueue(): Promise<void> {
    return this.lists.loadQueue();
  }

  /** One more page of resolved queries into `queue` (a no-op when all are loaded). */
  loadMoreResolved(): Promise<void> {
    return this.lists.loadMoreResolved();
  }

  /** Changes a query's status and/or assignee over REST; resolves with the updated query. */
  async updateQuery(id: string, patch: UpdateQueryRequest): Promise<Query> {
    return this.mergeQuery(await this.rest.updateQuery(id, patch));
  }

  /** Assigns a query to `agentId`, or to me when omitted. Rejects with ParleyError (`unavailable` when offline). */
  assign(queryId: string, agentId?: string): Promise<Query> {
    return this.#changed(this.connection.request('query:assign', agentId ? { queryId, agentId } : { queryId }));
  }

  resolve(queryId: string): Promise<Query> {
    return this.#changed(this.connection.request('query:resolve', { queryId }));
  }

  reopen(queryId: string): Promise<Query> {
    return this.#changed(this.connection.request('query:reopen', { queryId }));
  }

  /** Online or away; kept across reconnects. */
  setPresence(status: 'online' | 'away'): Promise<void> {
    return this.#presence.set(status);
  }

  /** Every agent with their presence; also seeds `presence`. */
  async listAgents(): Promise<AgentWithPresence[]> {
    const agents = await this.rest.listAgents();
    this.statuses.seed(agents);
    return agents;
  }

  /** Admins: a new agent or admin. */
  createAgent(input: CreateAgentRequest): Promise<Agent> {
    return this.rest.createAgent(input);
  }

  /** Admins: renames, changes the role of, (de)activates or sets the password of an agent. */
  updateAgent(id: string, patch: UpdateAgentRequest): Promise<Agent> {
    return this.rest.updateAgent(id, patch);
  }

  /**
   * Signs this agent out of every other browser and device: all their tokens are
   * revoked and their sockets closed, while this client carries on with the fresh
   * token it is given (watch `session` to persist it). For a lost laptop or phone.
   */
  signOutEverywhere(): Promise<void> {
    return this.keeper.signOutEverywhere();
  }

  /**
   * This agent changes their own name or password (`currentPassword` required with a new one). A new password
   * signs every other browser and device out, while this client carries on with the fresh token it is given
   * (watch `session` to persist it), as with {@link signOutEverywhere}.
   */
  updateProfile(input: UpdateMeRequest): Promise<Agent> {
    return this.keeper.updateProfile(input);
  }

  /** The team's canned replies, by shortcut. */
  listCannedReplies(): Promise<CannedReply[]> {
    return this.rest.listCannedReplies();
  }

  /** Admins: a new canned reply (`conflict` when the shortcut is taken). */
  createCannedReply(input: CannedReplyRequest): Promise<CannedReply> {
    return this.rest.createCannedReply(input);
  }

  updateCannedReply(id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> {
    return this.rest.updateCannedReply(id, patch);
  }

  deleteCannedReply(id: string): Promise<void> {
    return this.rest.deleteCannedReply(id);
  }

  /** Every team with its members and routing settings. */
  listTeams(): Promise<Team[]> {
    return this.rest.listTeams<Team>();
  }

  /**
   * Every team (null until {@link loadTeams}), kept live: an admin's change anywhere replaces it
   * (`teams:changed`), and it is read again after every reconnect once loaded.
   */
  get teams(): ReadableStore<Team[] | null> {
    return this.#teams;
  }

  /** Loads every team into `teams` (unless a `teams:changed` arrived meanwhile: that one is newer). */
  async loadTeams(): Promise<Team[]> {
    const changes = this.#teamsChanges;
    const teams = await this.listTeams();
    if (changes === this.#teamsChanges) this.#teams.set(teams);
    return teams;
  }

  /** Admins: a new team (`isDefault` takes the default from another; `autoAssign` with a `capacity` per agent). */
  createTeam(input: CreateTeamRequest): Promise<Team> {
    return this.rest.createTeam(input);
  }

  /** Admins: renames, sets the default, switches auto-assignment, changes capacity or replaces the members. */
  updateTeam(id: string, patch: UpdateTeamRequest): Promise<Team> {
    return this.rest.updateTeam(id, patch);
  }

  /** Admins: deletes a team; its queries keep their history and lose their team. */
  deleteTeam(id: string): Promise<void> {
    return this.rest.deleteTeam(id);
  }

  /**
   * Reports over a period (days `from`–`to` in `timeZone`, default UTC): conversations opened per day, first
   * response and resolution times, satisfaction, per agent. Admins see the team (or `agentId`), agents themselves.
   */
  report(params: ReportParams): Promise<ReportResponse> {
    return this.rest.report(params);
  }

  /** The workspace settings (null until {@link loadSettings}), kept live when an admin changes them. */
  get settings(): ReadableStore<WorkspaceSettings | null> {
    return this.#settings;
  }

  /** Loads the workspace settings into `settings` (reloaded after every reconnect once loaded). */
  async loadSettings(): Promise<WorkspaceSettings> {
    const settings = await this.rest.getSettings();
    this.#settings.set(settings);
    return settings;
  }

  /** Admins: changes workspace settings (e.g. `{ replyAssigns: false }`); every agent's `settings` follows. */
  async updateSettings(patch: UpdateSettingsRequest): Promise<WorkspaceSettings> {
    const settings = await this.rest.updateSettings(patch);
    this.#settings.set(settings);
    return settings;
  }

  /**
   * The customers loaded by {@link loadCustomer}, by id: who they are, online now (live for the customers whose
   * conversation this client joined), their latest queries.
   */
  get customers(): ReadableStore<CustomerCards> {
    return this.#customers.store;
  }

  /**
   * Loads a customer's card into `customers` (the customer panel): name, the email they left, visitor or
   * identified (with the host's id), first and last seen, online now, their latest queries of every status.
   */
  loadCustomer(id: string): Promise<CustomerCard> {
    return this.#customers.load(id);
  }

  /**
   * Corrects a customer's name and/or email (`email: null` removes it). Every agent hears it; the queue, open
   * conversations and `customers` show the new name at once.
   */
  updateCustomer(id: string, patch: UpdateCustomerRequest): Promise<Customer> {
    return this.#customers.update(id, patch);
  }

  /** What the server is set up to do (e.g. whether customers are emailed unread replies), for the console to say so. */
  capabilities(): Promise<CapabilitiesResponse> {
    return this.rest.capabilities();
  }

  /** Admins: the webhook endpoints (their secrets are never listed). */
  listWebhooks(): Promise<WebhookEndpoint[]> {
    return this.rest.listWebhooks();
  }

  /**
   * Admins: registers an endpoint; the answer carries its signing secret, shown this once. Refused
   * `invalid_payload` when the URL's host resolves to a private address (unless the server allows them).
   */
  createWebhook(input: CreateWebhookRequest): Promise<WebhookResponse> {
    return this.rest.createWebhook(input);
  }

  /** Admins: changes, pauses (`active: false`) or rotates the secret of (`rotateSecret: true`) an endpoint. */
  updateWebhook(id: string, patch: UpdateWebhookRequest): Promise<WebhookResponse> {
    return this.rest.updateWebhook(id, patch);
  }

  deleteWebhook(id: string): Promise<void> {
    return this.rest.deleteWebhook(id);
  }

  /** Admins: an endpoint's deliveries, newest first, with their last attempt. */
  listWebhookDeliveries(id: string, page?: { cursor?: string; limit?: number }): Promise<WebhookDeliveryListResponse> {
    return this.rest.listWebhookDeliveries(id, page);
  }

  /** Admins: sends a delivery once more, now (whatever its status). */
  redeliverWebhook(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.rest.redeliverWebhook(id, deliveryId);
  }

  protected override online(socket: Socket<AdminServerToClientEvents>): void {
    super.online(socket);
    // The server forgot a chosen 'away' with the old socket.
    this.#presence.restore();
  }

  protected override reloadAfterGap(onlineSince?: number): void {
    super.reloadAfterGap(onlineSince);
    void this.listAgents().catch(() => undefined);
    this.#customers.reloadAll();
    if (this.#settings.getSnapshot()) void this.loadSettings().catch(() => undefined);
    if (this.#teams.getSnapshot()) void this.loadTeams().catch(() => undefined);
  }

  protected override eventHandlers(): SocketEventHandlers {
    return {
      ...super.eventHandlers(),
      customerPresence: (event) => this.#customers.handlePresence(event),
      settings: (settings) => this.#settings.set(settings),
      teams: (teams) => {
        this.#teamsChanges++;
        this.#teams.set(teams);
      },
      customerUpdated: (customer) => {
        this.#customers.handleUpdated(customer);
        // The same moment, not newer: the listed copy with the new name replaces the old one and keeps its place.
        for (const query of this.lists.ofCustomer(customer.id)) {
          if (query.customer.name !== customer.name) this.mergeQuery({ ...query, customer: { id: customer.id, name: customer.name } });
        }
      },
    };
  }

  /** Also in the customer panel's list of the customer's queries. */
  protected override mergeQuery(query: Query): Query {
    super.mergeQuery(query);
    this.#customers.handleQuery(query);
    return query;
  }

  /** The answer of a command that changes a query: the query as it now is, merged everywhere it shows. */
  async #changed(pending: Promise<Ack<QueryResult> | null>): Promise<Query> {
    const ack = await pending;
    if (!ack) throw new ParleyError({ code: 'unavailable', message: 'not connected to the server; try again' });
    if (!ack.ok) throw new ParleyError(ack.error);
    return this.mergeQuery(ack.query);
  }
}
