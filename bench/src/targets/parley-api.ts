/**
 * Parley's public API as the bench drives it, at any Parley address — one
 * server's own, or a cluster's load balancer (HTTPS): the REST set-up
 * (visitors, queries, agent accounts, history) and the Socket.IO
 * connections, both as a real client would make them.
 */
import { PROTOCOL_VERSION, RestRoutes } from '@parley/protocol';
import type { AgentAuthResponse, AgentResponse, CustomerAuthResponse, QueryResponse } from '@parley/protocol';
import { mapLimit } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { connectEio } from '../load/eio-client.ts';
import { connectSio } from '../load/sio-connection.ts';
import type { ClientKind, ConversationOptions, ConversationSeed } from './target.ts';

/** The first admin every Parley target starts with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench-admin@parley.local', password: 'bench-admin-password' } as const;

export class ParleyApi {
  readonly url: string;
  readonly #client: ClientKind;
  readonly #setupConcurrency: number;
  #adminToken = '';

  private constructor(url: string, client: ClientKind, setupConcurrency: number) {
    this.url = url;
    this.#client = client;
    this.#setupConcurrency = setupConcurrency;
  }

  /** Signs in as {@link BENCH_ADMIN} at `url`. */
  static async signIn(url: string, client: ClientKind, setupConcurrency = 50): Promise<ParleyApi> {
    const api = new ParleyApi(url, client, setupConcurrency);
    const login = await api.#rest<AgentAuthResponse>('POST', RestRoutes.login, BENCH_ADMIN);
    api.#adminToken = login.token;
    return api;
  }

  get adminToken(): string {
    return this.#adminToken;
  }

  /**
   * Creates visitors, and unless `queries: false` one query each, over REST. With `assignedAgents`, each query
   * also gets its own agent account (`POST /api/agents` as the bench admin), signed in (`POST /api/auth/login`)
   * and assigned the query (`PATCH /api/queries/:id`): two scrypt hashes per agent, see docs/performance.md.
   */
  async createConversations(count: number, { queries = true, assignedAgents = false }: ConversationOptions = {}): Promise<ConversationSeed[]> {
    return mapLimit(Array.from({ length: count }), this.#setupConcurrency, async (_, i) => {
      const visitor = await this.#rest<CustomerAuthResponse>('POST', RestRoutes.visitorAuth, { name: `Bench visitor ${i}` });
      if (!queries) return { queryId: '', customerToken: visitor.token };
      const { query } = await this.#rest<QueryResponse>('POST', RestRoutes.queries, { subject: `Bench query ${i}`, body: 'Hello, I need help.' }, visitor.token);
      const seed: ConversationSeed = { queryId: query.id, customerToken: visitor.token };
      if (assignedAgents) seed.agentToken = await this.#assignToNewAgent(query.id, i);
      return seed;
    });
  }

  /**
   * One Socket.IO connection to `namespace`, websocket transport only (the thin client, or socket.io-client
   * when asked). Over the websocket transport a session is one TCP connection, so it stays on the node the
   * load balancer picked without the sticky cookie that long-polling needs.
   */
  connect(namespace: string, token: string): Promise<BenchConnection> {
    const auth = { token, protocol: PROTOCOL_VERSION };
    return this.#client === 'thin'
      ? connectEio({ url: this.url, namespace, auth })
      : connectSio({ url: this.url, namespace, auth });
  }

  /** Messages of a query in seq order, read over REST as an agent (pages through all of them). */
  async history(queryId: string): Promise<Array<{ seq: number; clientId: string }>> {
    const all: Array<{ seq: number; clientId: string }> = [];
    for (;;) {
      const after = all.at(-1)?.seq ?? 0;
      const page = await this.#rest<{ messages: Array<{ seq: number; clientId: string }> }>(
        'GET', `${RestRoutes.messages(queryId)}?after=${after}&limit=500`, undefined, this.#adminToken);
      all.push(...page.messages);
      if (page.messages.length < 500) return all;
    }
  }

  /** Creates agent account number `i`, signs it in and assigns it the query; returns its JWT. */
  async #assignToNewAgent(queryId: string, i: number): Promise<string> {
    const email = `bench-agent-${i}@parley.local`;
    const password = `bench-agent-password-${i}`;
    const { agent } = await this.#rest<AgentResponse>('POST', RestRoutes.agents, { email, name: `Bench agent ${i}`, password, role: 'agent' }, this.#adminToken);
    const { token } = await this.#rest<AgentAuthResponse>('POST', RestRoutes.login, { email, password });
    await this.#rest('PATCH', RestRoutes.query(queryId), { assigneeId: agent.id }, this.#adminToken);
    return token;
  }

  async #rest<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
