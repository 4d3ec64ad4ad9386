import { describe, expect, it } from 'vitest';
import { promByLabel, promValue } from './prom-text.ts';

const sample = `# HELP nodejs_eventloop_lag_p99_seconds The 99th percentile of the recorded event loop delays.
# TYPE nodejs_eventloop_lag_p99_seconds gauge
nodejs_eventloop_lag_p99_seconds 0.012
nodejs_eventloop_lag_p99_seconds_total 9
nodejs_heap_size_used_bytes 23456789
nodejs_heap_space_size_used_bytes{space="old"} 1234
`;

describe('promValue', () => {
  it('reads an unlabelled gauge by exact name', () => {
    expect(promValue(sample, 'nodejs_eventloop_lag_p99_seconds')).toBe(0.012);
    expect(promValue(sample, 'nodejs_heap_size_used_bytes')).toBe(23456789);
  });

  it('reads the first labelled sample', () => {
    expect(promValue(sample, 'nodejs_heap_space_size_used_bytes')).toBe(1234);
  });

  it('does not confuse a metric with a longer name sharing its prefix', () => {
    expect(promValue('foo_total 3\n', 'foo')).toBeUndefined();
  });
});

describe('promByLabel', () => {
  it('reads every sample of a labelled counter by one label', () => {
    const text = `# TYPE parley_rate_limited_total counter
parley_rate_limited_total{kind="rest"} 12
parley_rate_limited_total{kind="engine_handshake"} 3
parley_rate_limited_total_other{kind="x"} 1
`;
    expect(promByLabel(text, 'parley_rate_limited_total', 'kind')).toEqual(new Map([['rest', 12], ['engine_handshake', 3]]));
    expect(promByLabel(text, 'parley_quota_refused_total', 'kind').size).toBe(0);
  });
});
