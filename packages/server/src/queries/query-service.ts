/**
 * Support queries: opening, reading, listing, and the agents' state changes
 * (assign, resolve, reopen, PATCH). Plain domain code: the transports call it
 * and fan out the events it emits.
 */
import { randomUUID } from 'node:crypto';
import { Limits } from '@parley/protocol';
import type { ListQueriesParams, Message, Query, UpdateQueryRequest, UserRef } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { QueryPage, QueryPatch, Store } from '../store/store.js';
import { QueryOwners } from './query-owners.js';
import { viewQuery } from './query-view.js';
import { isStaff } from '../auth/roles.js';
import { unlimited, type RateLimiter } from '../rate-limits/rate-limiter.js';
import { newMessageId } from '../messages/message-id.js';

/** What one customer, or one client address, may open: one visitor must not flood the agents' queue. */
export interface QueryLimits {
  /** Queries a customer may have open or pending at once; 0 = unlimited. */
  maxOpen: number;
  /** Openings per customer. */
  perCustomer: RateLimiter;
  /** Openings per client address, whoever signs in from it. */
  perAddress: RateLimiter;
}

const NO_LIMITS: QueryLimits = { maxOpen: 0, perCustomer: unlimited, perAddress: unlimited };

export class QueryService {
  readonly #owners: QueryOwners;

  constructor(
    private readonly store: Store,
    private readonly events: DomainEvents,
    private readonly limits: QueryLimits = NO_LIMITS,
    owners?: QueryOwners,
  ) {
    this.#owners = owners ?? new QueryOwners(store);
  }

  /**
   * A customer opens a query; its body becomes message seq 1. With a clientId
   * already used by this customer it opens nothing and returns that query as it
   * is now (`duplicate: true`), announced to nobody again — a retry after a lost
   * response must not open a second query. `address` is the client's, for the per-address limit.
   * @throws AppError forbidden | rate_limited | quota_exceeded (already `maxOpen` open or pending)
   */
  async create(
    user: UserRef,
    input: { subject: string; body: string; clientId?: string; emailTranscript?: boolean; teamId?: string },
    address?: string,
  ): Promise<{ query: Query; message: Message; duplicate: boolean }> {
    if (user.role !== 'customer') throw new AppError('forbidden', 'only customers open queries');
    await this.limits.perCustomer.consume(`customer:${user.id}`);
    if (address !== undefined) await this.limits.perAddress.consume(`ip:${address}`);
    const teamId = await this.#teamFor(input.teamId);
    const result = await this.store.createQuery({
      teamId,
      id: randomUUID(),
      subject: input.subject,
      customerId: user.id,
      createdAt: new Date().toISOString(),
      clientId: input.clientId,
      firstMessage: { id: newMessageId(), clientId: randomUUID(), author: user, body: input.body },
      ...(this.limits.maxOpen > 0 ? { maxOpen: this.limits.maxOpen } : {}),
      ...(input.emailTranscript ? { emailTranscript: true } : {}),
    });
    this.#owners.remember(result.query);
    if (!result.duplicate) this.events.emit('query:created', { query: result.query });
    return { query: viewQuery(result.query, user), message: result.message, duplicate: result.duplicate };
  }

  /**
   * The query if this user may see it: agents any, customers their own.
   * @throws AppError not_found | forbidden
   */
  async access(user: UserRef, id: string): Promise<Query> {
    const query = await this.store.getQuery(id);
    if (!query) throw new AppError('not_found', 'query not found');
    this.#owners.remember(query);
    this.#authorizeOwner(user, query.customer.id);
    return query;
  }

  /**
   * The same decision as {@link access} without reading the query: for callers that need only the
   * answer (sending a message), from the remembered owner. A miss reads the store once.
   * @throws AppError not_found | forbidden
   */
  async authorize(user: UserRef, id: string): Promise<void> {
    const owner = await this.#owners.ownerOf(id);
    if (owner === null) throw new AppError('not_found', 'query not found');
    this.#authorizeOwner(user, owner);
  }

  #authorizeOwner(user: UserRef, customerId: string): void {
    if (!isStaff(user) && customerId !== user.id) throw new AppError('forbidden', 'this query belongs to another customer');
  }

  async get(user: UserRef, id: string): Promise<Query> {
    return viewQuery(await this.access(user, id), user);
  }

  /** Agents see every query (filtered by status and assignee); customers only their own. */
  async list(user: UserRef, params: ListQueriesParams): Promise<QueryPage> {
    const assigneeId =
      params.assigneeId === undefined ? undefined : params.assigneeId === 'none' ? null : params.assigneeId === 'me' ? user.id : params.assigneeId;
    const page = await this.store.listQueries({
      customerId: isStaff(user) ? undefined : user.id,
      status: params.status,
      assigneeId,
      cursor: params.cursor,
      limit: Number(params.limit ?? Limits.QUERY_PAGE_DEFAULT),
    });
    return { queries: page.queries.map((q) => viewQuery(q, user)), nextCursor: page.nextCursor };
  }

  /** The team a new query goes to: the customer's pick (which must exist), else the default team, else none. */
  async #teamFor(picked: string | undefined): Promise<string | null> {
    const teams = await this.store.listTeams();
    if (picked !== undefined) {
      if (!teams.some((t) => t.id === picked)) throw new AppError('invalid_payload', 'no team with this id: pick one from GET /api/teams');
      return picked;
    }
    return teams.find((t) => t.isDefault)?.id ?? null;
  }

  /** Agents change status and/or assignee; a change is emitted to everyone concerned. */
  async update(user: UserRef, id: string, patch: UpdateQueryRequest, origin?: string): Promise<Query> {
    if (!isStaff(user)) throw new AppError('forbidden', 'only agents change a query');
    await this.access(user, id);
    if (patch.assigneeId) {
      const agent = await this.store.getAgent(patch.assigneeId);
      if (!agent) throw new AppError('not_found', 'agent not found');
      if (!agent.active) throw new AppError('invalid_payload', 'this agent is deactivated');
    }
    const storePatch: QueryPatch = { actor: user };
    if (patch.status !== undefined) storePatch.status = patch.status;
    if (patch.assigneeId !== undefined) storePatch.assigneeId = patch.assigneeId;
    if (patch.teamId !== undefined) {
      if (patch.teamId !== null && !(await this.store.listTeams()).some((t) => t.id === patch.teamId)) {
        throw new AppError('invalid_payload', 'no team with this id');
      }
      storePatch.teamId = patch.teamId;
    }
    const result = await this.store.updateQuery(id, storePatch, new Date().toISOString());
    if (!result) throw new AppError('not_found', 'query not found');
    if (result.changed) this.events.emit('query:changed', { query: result.query, origin });
    for (const event of result.timeline) this.events.emit('query:timeline', { event });
    return result.query;
  }

  /** Assigns to agentId, or to the caller when none is given. */
  assign(user: UserRef, id: string, agentId: string | undefined, origin?: string): Promise<Query> {
    return this.update(user, id, { assigneeId: agentId ?? user.id }, origin);
  }

  resolve(user: UserRef, id: string, origin?: string): Promise<Query> {
    return this.update(user, id, { status: 'resolved' }, origin);
  }

  reopen(user: UserRef, id: string, origin?: string): Promise<Query> {
    return this.update(user, id, { status: 'open' }, origin);
  }
}
