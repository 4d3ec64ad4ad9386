import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_IDLE_MS, TypingSender } from './typing.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('outgoing typing', () => {
  it('sends typing:true once per throttle window however many keystrokes, and false after idle', () => {
    const sent: boolean[] = [];
    const sender = new TypingSender((t) => sent.push(t));
    for (let i = 0; i < 10; i++) {
      sender.set(true, 1_000 + i * 100);
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([true]);
    sender.set(true, 3_500);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(sent).toEqual([true, true, false]);
  });

  it('sends false at once when told, and nothing when it was not typing', () => {
    const sent: boolean[] = [];
    const sender = new TypingSender((t) => sent.push(t));
    sender.set(false);
    sender.set(true, 0);
    sender.set(false);
    expect(sent).toEqual([true, false]);
  });
});
