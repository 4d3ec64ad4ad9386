/**
 * Parley's REST API as typed calls, each with the current token; an expired
 * token is renewed once and the call made again. What the client folds the
 * results into (live lists, presence) is the client's business, not this file's.
 */
import {
  RestRoutes,
  type AgentListResponse,
  type AgentWithPresence,
  type Attachment,
  type CreateQueryRequest,
  type Message,
  type MessageListResponse,
  type Query,
  type QueryResponse,
  type UpdateQueryRequest,
} from '@parley/protocol';
import { newClientId } from '../conversation/client-id.js';
import { ParleyError } from '../errors.js';
import { httpBlob, httpRequest, withQuery, type FetchLike } from './http.js';

/** Pause before `createQuery()` asks once more after an `unavailable` failure (a lost response, a proxy's 502). */
export const CREATE_QUERY_RETRY_DELAY_MS = 500;

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

/** The REST calls of a {@link ParleyClient}, authenticated with its session. */
export class ParleyRest {
  readonly #baseUrl: string;
  readonly #tokens: TokenSource;
  readonly #fetch: FetchLike | undefined;

  constructor(baseUrl: string, tokens: TokenSource, fetchImpl?: FetchLike) {
    this.#baseUrl = baseUrl;
    this.#tokens = tokens;
    this.#fetch = fetchImpl;
  }

  /** Any JSON call; renews an expired token once and retries. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#withRenewal(() => httpRequest<T>(this.#baseUrl, { method, path, body, token: this.#tokens.token }, this.#fetch));
  }

  /** The bytes of an attachment (the route needs the Bearer token); renews an expired token once. */
  fetchAttachment(attachment: Pick<Attachment, 'url'>): Promise<Blob> {
    return this.#withRenewal(() => httpBlob(this.#baseUrl, { path: attachment.url, token: this.#tokens.token }, this.#fetch));
  }

  /**
   * Opens a query, idempotently: every retry carries the same clientId (the
   * caller's, or one made here), so the server returns the query it already
   * opened instead of opening a second one.
   */
  async createQuery(input: CreateQueryRequest): Promise<Query> {
    const body: CreateQueryRequest = { ...input, clientId: input.clientId ?? newClientId() };
    const post = () => this.request<QueryResponse>('POST', RestRoutes.queries, body);
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
    return (await this.request<QueryResponse>('GET', RestRoutes.query(id))).query;
  }

  async updateQuery(id: string, patch: UpdateQueryRequest): Promise<Query> {
    return (await this.request<QueryResponse>('PATCH', RestRoutes.query(id), patch)).query;
  }

  /** A range of a query's messages (or notes), ascending seq. */
  async listMessages(queryId: string, range: MessageRange): Promise<Message[]> {
    const path = withQuery(RestRoutes.messages(queryId), {
      after: range.after,
      before: range.before,
      limit: range.limit,
      internal: range.internal ? 'true' : undefined,
    });
    return (await this.request<MessageListResponse>('GET', path)).messages;
  }

  async listAgents(): Promise<AgentWithPresence[]> {
    return (await this.request<AgentListResponse>('GET', RestRoutes.agents)).agents;
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
