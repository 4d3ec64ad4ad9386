import { describe, expect, it } from 'vitest';
import { PacketBudget } from './packet-budget.js';

describe('PacketBudget', () => {
  it('allows a burst at once, then the sustained rate', () => {
    const budget = new PacketBudget(10, 20, 0);
    const burst = Array.from({ length: 25 }, () => budget.take(0));
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(budget.take(50)).toBe(false);
    expect(budget.take(100)).toBe(true);
    expect(budget.take(100)).toBe(false);
  });

  it('refills up to the burst, never beyond', () => {
    const budget = new PacketBudget(10, 20, 0);
    for (let i = 0; i < 20; i++) budget.take(0);
    const afterAnHour = Array.from({ length: 30 }, () => budget.take(3_600_000));
    expect(afterAnHour.filter(Boolean)).toHaveLength(20);
  });
});
