import { describe, expect, it } from 'vitest';
import { newMessageId } from './message-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newMessageId', () => {
  it('makes UUIDv7s that sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newMessageId());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the time it was made in its first 48 bits', () => {
    const at = Date.UTC(2030, 0, 1);
    const id = newMessageId(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('keeps increasing past 4,096 ids in one millisecond and when the clock steps back', () => {
    const at = Date.UTC(2031, 0, 1);
    const ids = Array.from({ length: 5000 }, () => newMessageId(at));
    ids.push(newMessageId(at - 60_000));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
  });
});
