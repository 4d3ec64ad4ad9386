/**
 * Flood 3 — query flood: `queryVisitors` visitors, all from one address,
 * opening queries (`POST /api/queries`) with `bodyChars`-character first
 * messages as fast as the server answers, `queryConcurrency` requests in
 * flight, taking turns with their tokens. The server is expected to open a few
 * (MAX_OPEN_QUERIES per customer, QUERIES_PER_HOUR per customer,
 * QUERIES_PER_HOUR_PER_IP per address) and refuse the rest, and REST_RATE_LIMIT
 * (1,200 a minute per address) to refuse most of them before any work.
 *
 * Requests go through node:http with a keep-alive agent, not fetch: fetch
 * costs the attacker several times the CPU per request, and on a 2-core
 * machine the attacker's CPU is the victim's loss.
 */
import http from 'node:http';
import { mapLimit } from '../load/concurrency.ts';
import { RestRoutes } from '@parley/protocol';
import { forwardedFor, signInVisitor } from './client-identity.ts';
import { attackBody, Tally, VISITORS_PER_ADDRESS, type AttackReport, type Flood, type FloodPlan } from './flood.ts';

/** Sign-ins in flight while preparing. */
const PREPARE_CONCURRENCY = 8;

export class QueryFlood implements Flood {
  readonly #plan: FloodPlan;
  readonly #tally = new Tally();
  readonly #agent: http.Agent;
  readonly #payload: string;
  #tokens: string[] = [];
  #running = false;
  #startedAt = 0;
  #stoppedAt = 0;
  #sent = 0;
  #loops: Promise<void>[] = [];

  constructor(plan: FloodPlan) {
    this.#plan = plan;
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: plan.sizes.queryConcurrency });
    this.#payload = JSON.stringify({ subject: 'Flood', body: attackBody(plan.sizes.bodyChars) });
  }

  async prepare(): Promise<void> {
    const { url, signInAddresses, sizes } = this.#plan;
    this.#tokens = await mapLimit(Array.from({ length: sizes.queryVisitors }), PREPARE_CONCURRENCY, (_, i) =>
      signInVisitor(url, signInAddresses[Math.floor(i / VISITORS_PER_ADDRESS)]!, `Query flooder ${i}`),
    );
  }

  start(): void {
    this.#running = true;
    this.#startedAt = performance.now();
    this.#loops = Array.from({ length: this.#plan.sizes.queryConcurrency }, async () => {
      while (this.#running) {
        const token = this.#tokens[this.#sent++ % this.#tokens.length]!;
        this.#tally.add(await this.#post(token));
      }
    });
  }

  async stop(): Promise<AttackReport> {
    this.#running = false;
    this.#stoppedAt = performance.now();
    await Promise.all(this.#loops);
    this.#agent.destroy();
    const seconds = (this.#stoppedAt - this.#startedAt) / 1000;
    return {
      seconds,
      rate: { label: 'POST /api/queries sent', unit: 'requests/s', perSecond: this.#sent / seconds },
      counts: { 'POST /api/queries sent': this.#sent, ...this.#tally.toRecord() },
    };
  }

  /** One `POST /api/queries`; resolves with how it ended, e.g. `201 opened`, `429 rate_limited`. */
  #post(token: string): Promise<string> {
    const { hostname, port } = new URL(this.#plan.url);
    return new Promise((resolve) => {
      const request = http.request(
        {
          host: hostname,
          port,
          method: 'POST',
          path: RestRoutes.queries,
          agent: this.#agent,
          headers: {
            ...forwardedFor(this.#plan.address),
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(this.#payload),
          },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status < 300) return resolve(`${status} opened`);
            let code = 'no code';
            try {
              code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? code;
            } catch {
              // Not JSON: keep the status alone.
            }
            resolve(`${status} ${code}`);
          });
        },
      );
      request.on('error', (error) => resolve(`request failed: ${error.message}`));
      request.end(this.#payload);
    });
  }
}
