import { describe, expect, it } from 'vitest';
import { IGNORED_REFUSALS_BEFORE_CUT, IgnoredRefusals, IN_FLIGHT_GRACE_MS } from './ignored-refusals.js';

describe('IgnoredRefusals', () => {
  it('never trips for a client that waits retryAfterMs after each refusal', () => {
    const refusals = new IgnoredRefusals();
    let now = 0;
    for (let i = 0; i < 1000; i++) {
      expect(refusals.refused('messages', 300, now)).toBe(false);
      now += 300;
    }
  });

  it('does not count events that were already on their way when the refusal was sent', () => {
    const refusals = new IgnoredRefusals();
    // A wave of 100 sends from one client (one per conversation), refused together.
    for (let i = 0; i < 100; i++) expect(refusals.refused('messages', 5000, i)).toBe(false);
  });

  it('trips once a client keeps sending inside the wait it was told, past the allowance', () => {
    const refusals = new IgnoredRefusals();
    let now = 0;
    const results: boolean[] = [];
    // A script sending 8 a second, told to wait 5 s each time.
    for (let i = 0; i < IGNORED_REFUSALS_BEFORE_CUT + 5; i++) {
      results.push(refusals.refused('messages', 5000, now));
      now += 125;
    }
    const firstTrip = results.indexOf(true);
    const counted = results.slice(0, firstTrip + 1).filter((_, i) => i * 125 >= IN_FLIGHT_GRACE_MS).length;
    expect(counted).toBe(IGNORED_REFUSALS_BEFORE_CUT + 1);
    expect(results.slice(firstTrip).every(Boolean)).toBe(true);
  });

  it('keeps the waits of different events apart', () => {
    const refusals = new IgnoredRefusals();
    refusals.refused('typing', 60_000, 0);
    // Inside typing's long wait, messages that each wait their own (shorter) turn are not ignoring anything.
    for (let i = 1; i <= 100; i++) expect(refusals.refused('message:send', 300, i * 300)).toBe(false);
  });
});
