import { describe, expect, it } from 'vitest';
import { SearchIndexPacing } from './search-index-pacing.js';

describe('SearchIndexPacing', () => {
  it('sizes the next step to last the floor budget when appends commit quickly', () => {
    const pacing = new SearchIndexPacing(2500);
    pacing.appended(0.4);
    expect(pacing.budgetMs).toBe(SearchIndexPacing.FLOOR_MS);
    pacing.stepped(1000, 8); // 8 µs a message: 2 ms is 250 messages
    expect(pacing.size).toBe(250);
  });

  it('lets a step last as long as the appends commit under heavy load', () => {
    const pacing = new SearchIndexPacing(2500);
    for (let i = 0; i < 20; i++) pacing.appended(10);
    expect(pacing.budgetMs).toBeCloseTo(10, 5);
    pacing.stepped(500, 2.5); // 5 µs a message: 10 ms is 2,000 messages
    expect(pacing.size).toBe(2000);
  });

  it('averages append times so that one slow commit moves the budget a little', () => {
    const pacing = new SearchIndexPacing(2500);
    for (let i = 0; i < 20; i++) pacing.appended(1);
    pacing.appended(50);
    expect(pacing.budgetMs).toBeLessThan(12);
    expect(pacing.budgetMs).toBeGreaterThan(SearchIndexPacing.FLOOR_MS);
  });

  it('never takes more than its cap nor fewer than the minimum', () => {
    const pacing = new SearchIndexPacing(300);
    pacing.stepped(100, 0.01);
    expect(pacing.size).toBe(300);
    pacing.stepped(100, 500);
    expect(pacing.size).toBe(SearchIndexPacing.MIN_STEP);
  });

  it('keeps its size after a step that found nothing', () => {
    const pacing = new SearchIndexPacing(2500);
    const before = pacing.size;
    pacing.stepped(0, 3);
    expect(pacing.size).toBe(before);
  });
});
