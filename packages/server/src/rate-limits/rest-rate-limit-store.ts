/**
 * A store for @fastify/rate-limit (which keeps the REST routes' per-route
 * limits, headers and 429 bodies) that counts on rate-limiter-flexible, so the
 * REST limits are counted like every other shared limit: in Redis across the
 * cluster, with the in-memory insurance limiter while Redis is away
 * (rate-limiter.ts). @fastify/rate-limit's own Redis store has no such
 * fallback: it either fails every request or stops limiting.
 *
 * @fastify/rate-limit asks `incr(key)` for the count so far in the window and
 * the time left; a limiter without a ceiling (`penalty` never refuses) answers
 * exactly that, and the plugin compares it with the route's max.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { bucket, type LimiterBackend } from './rate-limiter.js';

/** Higher than any window's max: the plugin refuses, the limiter only counts. */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/** What identifies a route: the plugin hands `child()` its merged options with the route under `routeInfo`. */
interface RouteIdentity {
  routeInfo?: { method?: string | string[]; url?: string };
  method?: string | string[];
  url?: string;
}

/** The class @fastify/rate-limit instantiates (its `store` option), counting on `backend`. */
export function restRateLimitStore(backend: LimiterBackend): FastifyRateLimitStoreCtor {
  class RestRateLimitStore implements FastifyRateLimitStore {
    readonly #limiters = new Map<number, RateLimiterAbstract>();

    /** `name` keeps each route-specific limit (e.g. /api/auth/*) counted apart from the global one. */
    constructor(
      _options: object,
      private readonly name = 'rest',
    ) {}

    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      this.#limiter(timeWindow)
        .penalty(key, 1)
        .then(
          (result) => callback(null, { current: result.consumedPoints, ttl: result.msBeforeNext }),
          (error: unknown) => callback(error as Error),
        );
    }

    child(options: object): RestRateLimitStore {
      const route = (options as RouteIdentity).routeInfo ?? (options as RouteIdentity);
      const method = [route.method ?? ''].flat().join(',');
      return new RestRateLimitStore({}, `rest:${method}:${route.url ?? 'route'}`);
    }

    #limiter(timeWindow: number): RateLimiterAbstract {
      let limiter = this.#limiters.get(timeWindow);
      if (!limiter) {
        limiter = bucket(backend, `${this.name}:${timeWindow}`, UNCAPPED, Math.max(1, Math.ceil(timeWindow / 1000)));
        this.#limiters.set(timeWindow, limiter);
      }
      return limiter;
    }
  }
  return RestRateLimitStore;
}
