import { formatDuration } from './relative-time';

describe('formatDuration', () => {
  it('reads compactly at every scale', () => {
    expect(formatDuration(-5_000)).toBe('<1 min');
    expect(formatDuration(59_000)).toBe('<1 min');
    expect(formatDuration(3 * 60_000)).toBe('3 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 24 * 3_600_000 + 1)).toBe('3 d');
  });
});
