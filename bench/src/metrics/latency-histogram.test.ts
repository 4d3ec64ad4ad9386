import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency-histogram.ts';

describe('LatencyRecorder', () => {
  it('gives nearest-rank quantiles over every sample', () => {
    const recorder = new LatencyRecorder();
    for (let i = 1000; i >= 1; i--) recorder.record(i);
    expect(recorder.count).toBe(1000);
    expect(recorder.quantile(0.5)).toBe(500);
    expect(recorder.quantile(0.99)).toBe(990);
    expect(recorder.quantile(0.999)).toBe(999);
    expect(recorder.quantile(1)).toBe(1000);
    expect(recorder.mean()).toBe(500.5);
  });

  it('keeps recording after a quantile was read', () => {
    const recorder = new LatencyRecorder();
    recorder.record(5);
    expect(recorder.quantile(1)).toBe(5);
    recorder.record(9);
    expect(recorder.quantile(1)).toBe(9);
  });

  it('answers NaN rather than a made-up number when empty', () => {
    expect(new LatencyRecorder().summary().p99).toBeNaN();
  });
});
