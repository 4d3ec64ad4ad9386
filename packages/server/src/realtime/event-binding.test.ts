import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { Metrics } from '../observability/metrics.js';
import type { AckCallback } from '@parley/protocol';
import { bindEvents, type HandlerContext } from './event-binding.js';
import type { EventTable } from './event-table.js';
import { Inflight } from './inflight.js';
import { unlimited, type RateLimiter } from '../rate-limits/rate-limiter.js';
import { TokenExpiry } from './token-expiry.js';

/** Just enough of a Socket.IO socket: events in, `onAny` for unknown ones. */
class FakeSocket extends EventEmitter {
  readonly id = 'socket-1';
  readonly nsp = { name: '/chat' };
  #any: Array<(name: string, ...args: unknown[]) => void> = [];
  onAny(listener: (name: string, ...args: unknown[]) => void) {
    this.#any.push(listener);
  }
  receive(name: string, ...args: unknown[]) {
    for (const l of this.#any) l.call(this, name, ...args);
    this.emit(name, ...args);
  }
}

function fakeLog() {
  const log = { error: vi.fn(), debug: vi.fn(), info: vi.fn(), warn: vi.fn() };
  return log;
}

/** An event map in the protocol's style, for the tables below. */
interface TestEvents {
  send: (payload: { n: number }, ack: AckCallback<{ n?: number }>) => void;
  typing: (payload: { t?: boolean }, ack?: AckCallback) => void;
  ping: (payload: object, ack: AckCallback) => void;
}

function bind<E extends keyof TestEvents>(events: EventTable<Pick<TestEvents, E>>, eventLimiter: RateLimiter = unlimited) {
  const socket = new FakeSocket();
  const log = fakeLog();
  bindEvents(
    { socket: socket as unknown as HandlerContext['socket'], user: { id: 'u', role: 'customer', name: 'U' }, log: log as unknown as Logger, expiry: new TokenExpiry(() => {}) },
    events,
    { metrics: new Metrics(), inflight: new Inflight(), isClosing: () => false, eventLimiter },
  );
  return { socket, log };
}

const flush = () => new Promise((r) => setTimeout(r, 30));

describe('bindEvents', () => {
  it('admits ordered events in arrival order even when the limiter answers out of order', async () => {
    const delays = [40, 0, 20, 0, 5];
    let calls = 0;
    // A limiter whose answers take different times, as BurstyRateLimiter's burst path does.
    const jittery: RateLimiter = { consume: () => new Promise((r) => setTimeout(r, delays[calls++ % delays.length])) };
    const started: number[] = [];
    const { socket } = bind({
      send: {
        schema: z.object({ n: z.number() }),
        limits: [{ limiter: jittery, per: 'connection' }],
        ordered: true,
        handler: async (_ctx, p, gate) => {
          started.push(p.n);
          gate.queued();
          await new Promise((r) => setTimeout(r, 10)); // the commit: not awaited by the next one
          return { n: p.n };
        },
      },
    });
    const acks: number[] = [];
    for (let n = 0; n < 10; n++) socket.receive('send', { n }, (res: { n: number }) => acks.push(res.n));
    await new Promise((r) => setTimeout(r, 400));
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(acks).toHaveLength(10);
  });

  it('a refused or failing ordered event does not hold up the next ones', async () => {
    const started: number[] = [];
    const { socket } = bind({
      send: {
        schema: z.object({ n: z.number() }),
        ordered: true,
        handler: async (_ctx, p) => {
          started.push(p.n);
          if (p.n === 1) throw new AppError('forbidden', 'no');
          return { n: p.n };
        },
      },
    });
    const acks: unknown[] = [];
    socket.receive('send', { n: 0 }, (r: unknown) => acks.push(r));
    socket.receive('send', 'not an object', (r: unknown) => acks.push(r));
    socket.receive('send', { n: 1 }, (r: unknown) => acks.push(r));
    socket.receive('send', { n: 2 }, (r: unknown) => acks.push(r));
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(acks).toHaveLength(4);
  });

  it('logs an internal error even when the event came without an ack', async () => {
    const { socket, log } = bind({
      typing: { schema: z.object({}), ackOptional: true, handler: async () => { throw new Error('boom'); } },
    });
    socket.receive('typing', {});
    await flush();
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ event: 'typing' }), 'socket event failed');
  });

  it('an ack callback that throws is logged, not an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { socket, log } = bind({ ping: { schema: z.object({}), handler: async () => {} } });
      socket.receive('ping', {}, () => {
        throw new Error('ack blew up');
      });
      await flush();
      expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ event: 'ping' }), 'sending the ack failed');
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('every event without a limiter of its own, invalid and unknown ones included, spends the connection’s budget', async () => {
    let points = 3;
    const budget: RateLimiter = {
      consume: async () => {
        if (points-- <= 0) throw new AppError('rate_limited', 'slow down', { retryAfterMs: 100 });
      },
    };
    const { socket } = bind({ typing: { schema: z.strictObject({ t: z.boolean() }), ackOptional: true, handler: async () => {} } }, budget);
    const codes: string[] = [];
    const push = (r: { ok: boolean; error?: { code: string } }) => codes.push(r.ok ? 'ok' : r.error!.code);
    for (const [name, payload] of [['typing', { t: true }], ['typing', { bad: 1 }], ['nope', {}], ['typing', { t: true }], ['nope', {}]] as const) {
      socket.receive(name, payload, push);
      await flush();
    }
    expect(codes).toEqual(['ok', 'invalid_payload', 'unknown_event', 'rate_limited', 'rate_limited']);
  });
});
