import { describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { CharacterCount } from './character-count';

async function render(length: number) {
  const fixture = TestBed.createComponent(CharacterCount);
  fixture.componentRef.setInput('length', length);
  fixture.componentRef.setInput('max', 4000);
  fixture.componentRef.setInput('testId', 'body-limit');
  await fixture.whenStable();
  return (fixture.nativeElement as HTMLElement).querySelector('[data-testid="body-limit"]') as HTMLElement;
}

describe('CharacterCount', () => {
  it('shows the count against the limit, quietly, while within it', async () => {
    const line = await render(3700);
    expect(line.textContent?.trim()).toBe('3700 / 4000 characters');
    expect(line.getAttribute('role')).toBeNull();
    expect(line.classList.contains('too-long')).toBe(false);
  });

  it('at the limit is still within it', async () => {
    const line = await render(4000);
    expect(line.textContent?.trim()).toBe('4000 / 4000 characters');
    expect(line.getAttribute('role')).toBeNull();
  });

  it('past the limit says so and is announced', async () => {
    const line = await render(4001);
    expect(line.textContent?.trim()).toBe('Too long: 4001 / 4000 characters');
    expect(line.getAttribute('role')).toBe('alert');
    expect(line.classList.contains('too-long')).toBe(true);
  });
});
