/**
 * The one place socket events become handler calls. For every event it:
 * 1. finds the ack (last argument, if a function); an acked event without one
 *    does nothing (a caller that cannot hear the result must not cause effects);
 * 2. parses the payload with the protocol's zod schema (`invalid_payload` with issues);
 * 3. applies the event's rate limit, then runs the handler, and answers
 *    `{ ok: true, ...result }`, an AppError's code, or `internal` (logged).
 * Unknown events that carry an ack get `unknown_event`.
 */
import type { ErrorBody, UserRef } from '@parley/protocol';
import { invalidPayload } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, internalErrorBody } from '../errors/app-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { Inflight } from './inflight.js';
import type { RateLimiter } from './rate-limits.js';
import type { TokenExpiry } from './token-expiry.js';

export interface HandlerContext {
  socket: Socket;
  user: UserRef;
  log: Logger;
  /** Closes the socket when its token expires; `auth:renew` reschedules it. */
  expiry: TokenExpiry;
}

export interface EventSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Events whose ack is optional (typing, read receipts) still run without one. */
  ackOptional?: boolean;
  /** Consume a point of this limiter (keyed by socket) before running. */
  limiter?: RateLimiter;
  handler: (ctx: HandlerContext, payload: z.output<S>) => Promise<object | void>;
}

/** Keeps the schema and handler types together when writing an event table. */
export function defineEvent<S extends z.ZodType>(spec: EventSpec<S>): EventSpec {
  return spec as unknown as EventSpec;
}

export interface BindingDeps {
  metrics: Metrics;
  inflight: Inflight;
  isClosing: () => boolean;
}

type Ack = (response: unknown) => void;

function errorBody(error: unknown, log: Logger, event: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log.error({ err: error, event }, 'socket event failed');
  return internalErrorBody;
}

export function bindEvents(ctx: HandlerContext, events: Record<string, EventSpec>, deps: BindingDeps): void {
  const { socket, log } = ctx;
  for (const [name, spec] of Object.entries(events)) {
    socket.on(name, (...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (last as Ack) : undefined;
      if (!ack && !spec.ackOptional) {
        log.debug({ event: name }, 'acknowledged event sent without an ack callback: ignored');
        return;
      }
      const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
      const started = performance.now();
      void deps.inflight
        .run(async () => {
          if (deps.isClosing()) throw new AppError('unavailable', 'the server is shutting down; retry on reconnect');
          const parsed = spec.schema.safeParse(payload);
          if (!parsed.success) {
            const body = invalidPayload(parsed.error);
            throw new AppError('invalid_payload', body.message, { issues: body.issues });
          }
          if (spec.limiter) {
            try {
              await spec.limiter.consume(socket.id);
            } catch (error) {
              if (error instanceof AppError) deps.metrics.rateLimited.inc({ kind: name });
              throw error;
            }
          }
          return (await spec.handler(ctx, parsed.data)) ?? {};
        })
        .then(
          (result) => ack?.({ ok: true, ...result }),
          (error: unknown) => ack?.({ ok: false, error: errorBody(error, log, name) }),
        )
        .finally(() => {
          if (ack) deps.metrics.ackLatency.observe({ event: name }, (performance.now() - started) / 1000);
        });
    });
  }
  socket.onAny((name: string, ...args: unknown[]) => {
    if (Object.hasOwn(events, name)) return;
    const last = args.at(-1);
    if (typeof last === 'function') {
      (last as Ack)({ ok: false, error: { code: 'unknown_event', message: `unknown event "${name}" on ${socket.nsp.name}` } });
    } else {
      log.debug({ event: name }, 'unknown event without ack: ignored');
    }
  });
}
