import { describe, expect, it } from 'vitest';
import { describeTailEpisodes, tailEpisodes } from './tail-episodes.ts';

/** 1,000 messages 1 ms apart, each 1 ms, except the slow ones given by index. */
function run(slow: Record<number, number>): { at: number[]; ms: number[] } {
  const at = Array.from({ length: 1000 }, (_, i) => i);
  const ms = at.map((i) => slow[i] ?? 1);
  return { at, ms };
}

describe('tailEpisodes', () => {
  it('puts slow messages scheduled close together into one episode', () => {
    const slow: Record<number, number> = {};
    for (let i = 100; i < 110; i++) slow[i] = 30; // one stall: ten messages in a row
    const { at, ms } = run(slow);
    const e = tailEpisodes(at, ms, at.length);
    expect(e.thresholdMs).toBe(30);
    expect(e.slow).toBe(10);
    expect(e.episodes).toBe(1);
    expect(e.largest).toEqual([10]);
    expect(e.largestShare).toBe(1);
  });

  it('counts slowness spread thin as many small episodes', () => {
    const slow: Record<number, number> = {};
    for (let i = 0; i < 10; i++) slow[i * 100] = 30; // ten slow messages, 100 ms apart
    const { at, ms } = run(slow);
    const e = tailEpisodes(at, ms, at.length);
    expect(e.episodes).toBe(10);
    expect(e.largest).toEqual([1, 1, 1, 1, 1]);
    expect(e.largestShare).toBe(0.5);
  });

  it('orders by scheduled time, not by the order the acks came back', () => {
    const at = [0, 50, 5, 55, 10, ...Array.from({ length: 495 }, (_, i) => 100 + i)];
    const ms = [9, 9, 9, 9, 9, ...Array.from({ length: 495 }, () => 1)];
    const e = tailEpisodes(at, ms, at.length);
    expect(e.slow).toBe(5);
    expect(e.episodes).toBe(2);
    expect(e.largest).toEqual([3, 2]);
  });

  it('reads only the first `count` samples and says when there are none', () => {
    const e = tailEpisodes(new Float64Array(8), new Float64Array(8), 0);
    expect(e.slow).toBe(0);
    expect(describeTailEpisodes(e)).toBe('slowest 1 %: no samples');
  });

  it('describes the episodes in one line', () => {
    const slow: Record<number, number> = {};
    for (let i = 100; i < 110; i++) slow[i] = 30;
    const { at, ms } = run(slow);
    expect(describeTailEpisodes(tailEpisodes(at, ms, at.length))).toBe(
      'slowest 1 % (≥ 30.00 ms): 10 messages in 1 episodes (slow messages scheduled < 20 ms apart); the 1 largest hold 100 % (10)',
    );
  });
});
