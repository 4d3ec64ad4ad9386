/**
 * Parley's REST API as typed calls, each with the current token; an expired
 * token is renewed once and the call made again. What the client folds the
 * results into (live lists, presence) is the client's business, not this file's.
 */
import {
  RestRoutes,
  type Agent,
  type AgentListResponse,
  type AgentResponse,
  type AgentWithPresence,
  type Attachment,
  type CannedReply,
  type CannedReplyListResponse,
  type CannedReplyResponse,
  type CreateAgentRequest,
  type CannedReplyRequest,
  type CreateQueryRequest,
  type ListQueriesParams,
  type Message,
  type MessageListResponse,
  type Query,
  type QueryListResponse,
  type QueryResponse,
  type RateQueryRequest,
  type UpdateAgentRequest,
  type UpdateCannedReplyRequest,
  type UpdateQueryRequest,
  type CapabilitiesResponse,
  type Customer,
  type CustomerResponse,
  type UpdateCustomerRequest,
  type SettingsResponse,
  type SearchResponse,
  type ReportParams,
  type Team,
  type TeamChoice,
  type TeamResponse,
  type CreateTeamRequest,
  type UpdateTeamRequest,
  type ReportResponse,
  type UpdateSettingsRequest,
  type WorkspaceSettings,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookDelivery,
  type WebhookDeliveryListResponse,
  type WebhookDeliveryResponse,
  type WebhookEndpoint,
  type WebhookListResponse,
  type WebhookResponse,
  WebhookRoutes,
} from '@parley/protocol';
import { newClientId } from '../conversation/client-id.js';
import { ParleyError } from '../errors.js';
import type { QueryPages } from '../queries/query-pages.js';
import { httpBlob, httpRequest, withQuery, type FetchLike } from './http.js';

/** Pause before `createQuery()` asks once more after an `unavailable` failure (a lost response, a proxy's 502). */
const CREATE_QUERY_RETRY_DELAY_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where the current token comes from, and how to get a new one (the session keeper). */
export interface TokenSource {
  readonly token: string;
  /** Resolves false when the token could not be renewed. */
  renew(): Promise<boolean>;
}

/** A range of a query's history: after/before a seq, or agents' `internal` notes. */
export interface MessageRange {
  after?: number;
  before?: number;
  limit?: number;
  internal?: boolean;
}

/** Where a conversation reads history ranges from. */
export interface MessageHistory {
  listMessages(queryId: string, range: MessageRange): Promise<Message[]>;
}

/** The REST calls of a client, authenticated with its session. */
export class ParleyRest implements QueryPages, MessageHistory {
  readonly #baseUrl: string;
  readonly #tokens: TokenSource;
  readonly #fetch: FetchLike | undefined;

  constructor(baseUrl: string, tokens: TokenSource, fetchImpl?: FetchLike) {
    this.#baseUrl = baseUrl;
    this.#tokens = tokens;
    this.#fetch = fetchImpl;
  }

  /** The bytes of an attachment (the route needs the Bearer token); renews an expired token once. */
  fetchAttachment(attachment: Pick<Attachment, 'url'>): Promise<Blob> {
    return this.#withRenewal(() => httpBlob(this.#baseUrl, { path: attachment.url, token: this.#tokens.token }, this.#fetch));
  }

  /** Deletes an upload that will not be sent after all (its uploader only; not once it is on a message). */
  async deleteAttachment(attachment: Pick<Attachment, 'url'>): Promise<void> {
    await this.#call<unknown>('DELETE', attachment.url);
  }

  /**
   * Opens a query, idempotently: every retry carries the same clientId (the
   * caller's, or one made here), so the server returns the query it already
   * opened instead of opening a second one.
   */
  async createQuery(input: CreateQueryRequest): Promise<Query> {
    const body: CreateQueryRequest = { ...input, clientId: input.clientId ?? newClientId() };
    const post = () => this.#call<QueryResponse>('POST', RestRoutes.queries, body);
    try {
      return (await post()).query;
    } catch (error) {
      // `unavailable` may be a response lost after the query was stored; the clientId makes asking again safe.
      if (!(error instanceof ParleyError) || error.code !== 'unavailable') throw error;
      await sleep(CREATE_QUERY_RETRY_DELAY_MS);
      return (await post()).query;
    }
  }

  async getQuery(id: string): Promise<Query> {
    return (await this.#call<QueryResponse>('GET', RestRoutes.query(id))).query;
  }

  listQueries(params: ListQueriesParams): Promise<QueryListResponse> {
    return this.#call<QueryListResponse>('GET', withQuery(RestRoutes.queries, params));
  }

  async updateQuery(id: string, patch: UpdateQueryRequest): Promise<Query> {
    return (await this.#call<QueryResponse>('PATCH', RestRoutes.query(id), patch)).query;
  }

  /** The customer rates a resolved query; resolves with the query as it now is. */
  async rateQuery(id: string, rating: RateQueryRequest): Promise<Query> {
    return (await this.#call<QueryResponse>('POST', RestRoutes.rating(id), rating)).query;
  }

  /** A range of a query's messages (or notes), ascending seq. */
  async listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    const path = withQuery(RestRoutes.messages(queryId), {
      after: range.after,
      before: range.before,
      limit: range.limit,
      internal: range.internal ? 'true' : undefined,
    });
    return (await this.#call<MessageListResponse>('GET', path)).messages;
  }

  async listAgents(): Promise<AgentWithPresence[]> {
    return (await this.#call<AgentListResponse>('GET', RestRoutes.agents)).agents;
  }

  async createAgent(input: CreateAgentRequest): Promise<Agent> {
    return (await this.#call<AgentResponse>('POST', RestRoutes.agents, input)).agent;
  }

  async updateAgent(id: string, patch: UpdateAgentRequest): Promise<Agent> {
    return (await this.#call<AgentResponse>('PATCH', RestRoutes.agent(id), patch)).agent;
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    return (await this.#call<CannedReplyListResponse>('GET', RestRoutes.cannedReplies)).cannedReplies;
  }

  async createCannedReply(input: CannedReplyRequest): Promise<CannedReply> {
    return (await this.#call<CannedReplyResponse>('POST', RestRoutes.cannedReplies, input)).cannedReply;
  }

  async updateCannedReply(id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> {
    return (await this.#call<CannedReplyResponse>('PATCH', RestRoutes.cannedReply(id), patch)).cannedReply;
  }

  async deleteCannedReply(id: string): Promise<void> {
    await this.#call<unknown>('DELETE', RestRoutes.cannedReply(id));
  }

  /** The customer panel: who, online now, first and last seen, their latest queries. */
  getCustomer(id: string): Promise<CustomerResponse> {
    return this.#call<CustomerResponse>('GET', RestRoutes.customer(id));
  }

  search(q: string, page: { cursor?: string; limit?: number } = {}): Promise<SearchResponse> {
    return this.#call<SearchResponse>('GET', withQuery(RestRoutes.search, { q, ...page }));
  }

  async listTeams<T extends TeamChoice | Team>(): Promise<T[]> {
    return (await this.#call<{ teams: T[] }>('GET', RestRoutes.teams)).teams;
  }

  async createTeam(input: CreateTeamRequest): Promise<Team> {
    return (await this.#call<TeamResponse>('POST', RestRoutes.teams, input)).team;
  }

  async updateTeam(id: string, patch: UpdateTeamRequest): Promise<Team> {
    return (await this.#call<TeamResponse>('PATCH', RestRoutes.team(id), patch)).team;
  }

  async deleteTeam(id: string): Promise<void> {
    await this.#call<unknown>('DELETE', RestRoutes.team(id));
  }

  report(params: ReportParams): Promise<ReportResponse> {
    return this.#call<ReportResponse>('GET', withQuery(RestRoutes.reports, { ...params }));
  }

  async getSettings(): Promise<WorkspaceSettings> {
    return (await this.#call<SettingsResponse>('GET', RestRoutes.settings)).settings;
  }

  async updateSettings(patch: UpdateSettingsRequest): Promise<WorkspaceSettings> {
    return (await this.#call<SettingsResponse>('PATCH', RestRoutes.settings, patch)).settings;
  }

  async myDetails(): Promise<Customer> {
    return (await this.#call<CustomerResponse>('GET', RestRoutes.myCustomer)).customer;
  }

  async updateCustomer(id: string, patch: UpdateCustomerRequest): Promise<Customer> {
    return (await this.#call<CustomerResponse>('PATCH', RestRoutes.customer(id), patch)).customer;
  }

  capabilities(): Promise<CapabilitiesResponse> {
    return this.#call<CapabilitiesResponse>('GET', RestRoutes.capabilities);
  }

  async listWebhooks(): Promise<WebhookEndpoint[]> {
    return (await this.#call<WebhookListResponse>('GET', WebhookRoutes.webhooks)).webhooks;
  }

  createWebhook(input: CreateWebhookRequest): Promise<WebhookResponse> {
    return this.#call<WebhookResponse>('POST', WebhookRoutes.webhooks, input);
  }

  updateWebhook(id: string, patch: UpdateWebhookRequest): Promise<WebhookResponse> {
    return this.#call<WebhookResponse>('PATCH', WebhookRoutes.webhook(id), patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.#call<unknown>('DELETE', WebhookRoutes.webhook(id));
  }

  listWebhookDeliveries(id: string, page: { cursor?: string; limit?: number } = {}): Promise<WebhookDeliveryListResponse> {
    return this.#call<WebhookDeliveryListResponse>('GET', withQuery(WebhookRoutes.deliveries(id), page));
  }

  async redeliverWebhook(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return (await this.#call<WebhookDeliveryResponse>('POST', WebhookRoutes.redeliver(id, deliveryId))).delivery;
  }

  /** One JSON call with the current token; renews an expired token once and retries. */
  #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#withRenewal(() => httpRequest<T>(this.#baseUrl, { method, path, body, token: this.#tokens.token }, this.#fetch));
  }

  async #withRenewal<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ParleyError) || (error.code !== 'token_expired' && error.code !== 'invalid_token')) throw error;
      if (!(await this.#tokens.renew())) throw error;
      return send();
    }
  }
}
