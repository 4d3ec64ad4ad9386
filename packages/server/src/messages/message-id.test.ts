import { describe, expect, it } from 'vitest';
import { newMessageId } from './message-id.js';

describe('newMessageId', () => {
  it('makes UUIDv7s that sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newMessageId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
