import { describe, expect, it } from 'vitest';
import { writtenBefore } from './message-service.js';

describe('writtenBefore (a message written offline keeps its time)', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');
  it('keeps a time more than a minute back, up to 30 days, normalised to UTC', () => {
    expect(writtenBefore('2030-01-01T11:50:00.000Z', now)).toBe('2030-01-01T11:50:00.000Z');
    expect(writtenBefore('2030-01-01T12:50:00+01:00', now)).toBe('2030-01-01T11:50:00.000Z');
    expect(writtenBefore('2029-12-03T12:00:00.000Z', now)).toBe('2029-12-03T12:00:00.000Z');
  });

  it('drops a time within the last minute, in the future, or beyond 30 days (a wrong clock)', () => {
    expect(writtenBefore('2030-01-01T11:59:30.000Z', now)).toBeUndefined();
    expect(writtenBefore('2030-01-01T12:05:00.000Z', now)).toBeUndefined();
    expect(writtenBefore('2029-11-01T12:00:00.000Z', now)).toBeUndefined();
    expect(writtenBefore(undefined, now)).toBeUndefined();
  });
});
