import type { BusinessHours } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { isOpen, nextOpening } from './business-hours.js';

const weekdays: BusinessHours = {
  timeZone: 'Europe/Paris',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:30' })),
};
const at = (iso: string) => Date.parse(iso);

describe('business hours', () => {
  it('is open within a range of the local weekday, closed outside it (the zone’s own clock, DST included)', () => {
    // Wednesday 2026-03-04, 08:30 UTC = 09:30 in Paris (UTC+1).
    expect(isOpen(weekdays, at('2026-03-04T08:30:00Z'))).toBe(true);
    expect(isOpen(weekdays, at('2026-03-04T07:59:00Z'))).toBe(false);
    expect(isOpen(weekdays, at('2026-03-04T16:30:00Z'))).toBe(false); // 17:30 local: closed
    // Summer time: 07:30 UTC = 09:30 in Paris (UTC+2).
    expect(isOpen(weekdays, at('2026-07-01T07:30:00Z'))).toBe(true);
    expect(isOpen(weekdays, at('2026-03-07T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(null, at('2026-03-07T10:00:00Z'))).toBe(true);
  });

  it('says when it opens next: later today, the next working day, or after the weekend', () => {
    expect(new Date(nextOpening(weekdays, at('2026-03-04T06:00:00Z'))!).toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(new Date(nextOpening(weekdays, at('2026-03-04T18:00:00Z'))!).toISOString()).toBe('2026-03-05T08:00:00.000Z');
    expect(new Date(nextOpening(weekdays, at('2026-03-06T17:00:00Z'))!).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    expect(nextOpening(weekdays, at('2026-03-04T08:30:00Z'))).toBeNull();
    expect(nextOpening({ timeZone: 'UTC', ranges: [] }, at('2026-03-04T08:30:00Z'))).toBeNull();
  });
});
