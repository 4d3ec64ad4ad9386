import type { AckOf } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveLink } from './live-link.js';
import { LiveRenewal, PLANNED_RECONNECT_MARGIN_MS, type RenewEvents } from './live-renewal.js';

const tokenExpiringIn = (ms: number, tag: string): string => {
  const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${encode({ alg: 'HS256' })}.${encode({ sub: tag, exp: Math.floor((Date.now() + ms) / 1000) })}.sig`;
};

type RenewAck = AckOf<RenewEvents, 'auth:renew'>;

/** A live link that records `auth:renew` requests and lets the test answer them (null: no ack came). */
function fakeLink() {
  const emits: Array<{ event: string; payload: { token: string }; answer: (ack: RenewAck | null) => Promise<void> }> = [];
  const socket: LiveLink<RenewEvents> = {
    online: true,
    request: (event, payload) =>
      new Promise((resolve) => {
        // Answering settles the request, then lets the renewal's continuation run.
        emits.push({ event, payload, answer: async (ack) => (resolve(ack), await Promise.resolve()) });
      }),
    notify: () => undefined,
  };
  return { socket, emits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('live token renewal', () => {
  function setup(oldToken: string) {
    let current = oldToken;
    let admitted: string | null = oldToken;
    const plannedReconnect = vi.fn();
    const renewal = new LiveRenewal({
      getToken: () => current,
      admittedToken: () => admitted,
      onRenewed: (token) => (admitted = token),
      plannedReconnect,
      random: () => 0.5,
    });
    return { renewal, plannedReconnect, setToken: (t: string) => (current = t), admitted: () => admitted };
  }

  it('hands a renewed token to the live socket and records it as the admitted one', async () => {
    const { renewal, plannedReconnect, setToken, admitted } = setup(tokenExpiringIn(60_000, 'old'));
    const { socket, emits } = fakeLink();
    renewal.renew(socket);
    expect(emits).toHaveLength(0);
    const fresh = tokenExpiringIn(3_600_000, 'new');
    setToken(fresh);
    renewal.renew(socket);
    renewal.renew(socket);
    expect(emits.map((e) => [e.event, e.payload.token])).toEqual([['auth:renew', fresh]]);
    await emits[0]!.answer({ ok: true, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(admitted()).toBe(fresh);
    expect(plannedReconnect).not.toHaveBeenCalled();
  });

  it('falls back to a planned reconnect at a random moment before expiry on an older server (unknown_event)', async () => {
    vi.useFakeTimers();
    const { renewal, plannedReconnect, setToken } = setup(tokenExpiringIn(65_000, 'old'));
    const { socket, emits } = fakeLink();
    setToken(tokenExpiringIn(3_600_000, 'new'));
    renewal.renew(socket);
    await emits[0]!.answer({ ok: false, error: { code: 'unknown_event', message: 'unknown event "auth:renew"' } });
    // random 0.5 of the ~60 s before the margin: about 30 s from now, never after expiry − margin.
    vi.advanceTimersByTime(25_000);
    expect(plannedReconnect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(65_000 - PLANNED_RECONNECT_MARGIN_MS - 25_000);
    expect(plannedReconnect).toHaveBeenCalledTimes(1);
  });

  it('a disconnect cancels the planned reconnect (the next handshake carries the new token anyway)', async () => {
    vi.useFakeTimers();
    const { renewal, plannedReconnect, setToken } = setup(tokenExpiringIn(65_000, 'old'));
    const { socket, emits } = fakeLink();
    setToken(tokenExpiringIn(3_600_000, 'new'));
    renewal.renew(socket);
    await emits[0]!.answer(null);
    renewal.cancel();
    vi.advanceTimersByTime(120_000);
    expect(plannedReconnect).not.toHaveBeenCalled();
  });
});
