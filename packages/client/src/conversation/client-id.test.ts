import { describe, expect, it } from 'vitest';
import { newClientId } from './client-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientId', () => {
  it('makes UUIDv7s that carry the millisecond they were made in', () => {
    const id = newClientId(Date.UTC(2030, 0, 1));
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2030, 0, 1));
  });

  it('sorts later ids after earlier ones, so the server appends them at the end of its index', () => {
    const ids = [1_000, 2_000, 2_001, 1_800_000_000_000].map((ms) => newClientId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats an id made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newClientId(5)));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});
