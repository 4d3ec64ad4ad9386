/**
 * The one place socket events become handler calls. For every event it:
 * 1. finds the ack (last argument, if a function); an acked event without one
 *    does nothing (a caller that cannot hear the result must not cause effects);
 * 2. takes a point from the event's rate limiter — its own (message:send per
 *    user, query:join per connection) or the connection's general one — before
 *    any work, so that floods of any event, valid or not, are cheap to refuse
 *    (floods far beyond that are cut before decoding: flood-guard.ts);
 * 3. parses the payload with the protocol's zod schema (`invalid_payload` with issues);
 * 4. runs the handler, and answers `{ ok: true, ...result }`, an AppError's
 *    code, or `internal` (always logged, ack or not).
 * Events marked `ordered` (message:send) go through these steps one at a time
 * per socket until the handler says its work is queued, so a connection's
 * sends get seqs in the order it sent them whatever the limiter's timing.
 * Unknown events that carry an ack get `unknown_event`.
 * Refusals by a limit are reported (`onRefused`) when the client heard them: one
 * that keeps sending inside the wait it was told is cut (ignored-refusals.ts).
 */
import type { ErrorBody, UserRef } from '@parley/protocol';
import { invalidPayload } from '@parley/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, internalErrorBody } from '../errors/app-error.js';
import type { Metrics } from '../observability/metrics.js';
import type { Inflight } from './inflight.js';
import type { ParleySocket } from './namespaces.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { TokenExpiry } from './token-expiry.js';

export interface HandlerContext {
  socket: ParleySocket;
  user: UserRef;
  log: Logger;
  /** Closes the socket when its token expires; `auth:renew` reschedules it. */
  expiry: TokenExpiry;
}

/**
 * One limit of an event and what it counts by: the connection, the user (all their sockets and, with Redis,
 * nodes), or the client's address (whoever signs in from it).
 */
export interface EventLimit {
  limiter: RateLimiter;
  per: 'connection' | 'user' | 'address';
}

/** Lets an `ordered` handler release the next event of its socket before it finishes. */
export interface OrderGate {
  /** The work is queued in the order it must keep (e.g. the append is in the commit queue). */
  queued(): void;
}

/**
 * What the binding needs of any event: tables are written as `EventTable`s
 * (event-table.ts), typed per event by the protocol; here every event is handled
 * alike. `handler` is a method so that a handler of one event's payload type is
 * accepted: the binding only ever calls it with what that event's own schema parsed.
 */
export interface BoundEvent {
  schema: z.ZodType;
  /** Events whose ack is optional (typing, read receipts) still run without one. */
  ackOptional?: boolean;
  limits?: readonly EventLimit[];
  ordered?: boolean;
  handler(ctx: HandlerContext, payload: unknown, gate: OrderGate): Promise<object | void>;
}

export interface BindingDeps {
  metrics: Metrics;
  inflight: Inflight;
  isClosing: () => boolean;
  /** Every event without a limiter of its own, and unknown events (EVENT_RATE_LIMIT). */
  eventLimiter: RateLimiter;
  /** An acked event of this socket was refused `rate_limited`: the client was told to wait (flood-guard.ts). */
  onRefused?: (socket: ParleySocket, event: string, retryAfterMs: number | undefined) => void;
}

type Ack = (response: unknown) => void;

function errorBody(error: unknown, log: Logger, event: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log.error({ err: error, event }, 'socket event failed');
  return internalErrorBody;
}

/** What one socket's events share: set once per connection, read by the listeners every socket shares. */
interface SocketBinding {
  ctx: HandlerContext;
  deps: BindingDeps;
  /** Tail of the ordered events' admission queue on this socket. */
  orderTail: Promise<void>;
}

type Listener = (this: object, ...args: unknown[]) => void;
/** One event's handling for a socket whose binding the dispatcher already looked up. */
type EventHandling = (b: SocketBinding, args: unknown[]) => void;

/**
 * Listeners are made once per event table, not once per socket: a socket holds a dozen
 * events, and a closure and its context per event and socket was about 1.3 KB of every idle connection's heap
 * (scenario 3, docs/performance.md). Socket.IO calls a listener with the socket as `this`.
 */
const bindings = new WeakMap<object, SocketBinding>();

async function consume(b: SocketBinding, limiter: RateLimiter, name: string, told: boolean, key: string = b.ctx.socket.id): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof AppError) {
      b.deps.metrics.rateLimited.inc({ kind: name });
      if (told) b.deps.onRefused?.(b.ctx.socket, name, error.extra.retryAfterMs);
    }
    throw error;
  }
}

function limitKey(b: SocketBinding, per: EventLimit['per']): string {
  const { socket, user } = b.ctx;
  return per === 'user' ? `user:${user.id}` : per === 'address' ? `ip:${socket.data.ip}` : socket.id;
}

function answer(b: SocketBinding, ack: Ack | undefined, response: object, name: string): void {
  if (!ack) return;
  try {
    ack(response);
  } catch (error) {
    // socket.io's ack only writes a packet; a throw here is a bug, and must not become an unhandled rejection.
    b.ctx.log.error({ err: error, event: name }, 'sending the ack failed');
  }
}

function eventHandling(name: string, spec: BoundEvent): EventHandling {
  return (b, args) => {
    const { ctx, deps } = b;
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    if (!ack && !spec.ackOptional) {
      ctx.log.debug({ event: name }, 'acknowledged event sent without an ack callback: ignored');
      return;
    }
    const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
    const started = performance.now();

    let release = () => {};
    let admitted: Promise<void> = Promise.resolve();
    if (spec.ordered) {
      admitted = b.orderTail;
      b.orderTail = new Promise<void>((resolve) => (release = resolve));
    }
    const gate: OrderGate = { queued: () => release() };

    deps.inflight
      .run(async () => {
        try {
          await admitted;
          if (deps.isClosing()) throw new AppError('unavailable', 'the server is shutting down; retry on reconnect');
          if (!spec.limits) await consume(b, deps.eventLimiter, name, ack !== undefined);
          for (const limit of spec.limits ?? []) await consume(b, limit.limiter, name, ack !== undefined, limitKey(b, limit.per));
          const parsed = spec.schema.safeParse(payload);
          if (!parsed.success) {
            const body = invalidPayload(parsed.error);
            throw new AppError('invalid_payload', body.message, { issues: body.issues });
          }
          return (await spec.handler(ctx, parsed.data, gate)) ?? {};
        } finally {
          release();
        }
      })
      .then(
        (result) => answer(b, ack, { ok: true, ...result }, name),
        // Always build the body (it logs internal errors), even when there is no ack to carry it.
        (error: unknown) => answer(b, ack, { ok: false, error: errorBody(error, ctx.log, name) }, name),
      )
      .finally(() => {
        if (ack) deps.metrics.ackLatency.observe({ event: name }, (performance.now() - started) / 1000);
      })
      .catch((error: unknown) => ctx.log.error({ err: error, event: name }, 'socket event bookkeeping failed'));
  };
}

/** What to do with an event no table names: `unknown_event` to an acked one, after the connection's limiter. */
function refuseUnknown(b: SocketBinding, name: string, args: unknown[]): void {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as Ack) : undefined;
  consume(b, b.deps.eventLimiter, 'unknown_event', ack !== undefined).then(
    () => {
      if (ack) answer(b, ack, { ok: false, error: { code: 'unknown_event', message: `unknown event "${name}" on ${b.ctx.socket.nsp.name}` } }, name);
      else b.ctx.log.debug({ event: name }, 'unknown event without ack: ignored');
    },
    (error: unknown) => answer(b, ack, { ok: false, error: errorBody(error, b.ctx.log, name) }, name),
  );
}

/**
 * The one listener a socket holds (Socket.IO's `onAny`), dispatching by event name. Registering each event
 * with `socket.on` gave every socket's EventEmitter a dozen keys, which V8 keeps as a dictionary of its own
 * per socket (about 0.5 KB of every idle connection: scenario 3, docs/performance.md).
 */
function dispatcher(events: Readonly<Record<string, BoundEvent>>): Listener {
  const handlings = new Map(Object.entries(events).map(([name, spec]) => [name, eventHandling(name, spec)]));
  return function (this: object, ...all: unknown[]) {
    const b = bindings.get(this);
    if (!b) return;
    const name = all[0];
    const handle = typeof name === 'string' ? handlings.get(name) : undefined;
    if (handle) handle(b, all.slice(1));
    else refuseUnknown(b, String(name), all.slice(1));
  };
}

const dispatchers = new WeakMap<Readonly<Record<string, BoundEvent>>, Listener>();

export function bindEvents(ctx: HandlerContext, events: Readonly<Record<string, BoundEvent>>, deps: BindingDeps): void {
  const { socket } = ctx;
  bindings.set(socket, { ctx, deps, orderTail: Promise.resolve() });
  let dispatch = dispatchers.get(events);
  if (!dispatch) dispatchers.set(events, (dispatch = dispatcher(events)));
  socket.onAny(dispatch as (...args: unknown[]) => void);
}
