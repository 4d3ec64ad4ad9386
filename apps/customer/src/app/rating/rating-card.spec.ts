import { afterEach, describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import type { Query } from '@parley/protocol';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { RatingCard } from './rating-card';

const resolved: Query = {
  id: '00000000-0000-4000-8000-000000000009',
  subject: 'Refund',
  status: 'resolved',
  customer: { id: 'c1', name: 'Ann' },
  assignee: { id: 'a1', name: 'Maya' },
  lastSeq: 4,
  lastNoteSeq: 0,
  lastMessage: null,
  customerReadSeq: 4,
  agentReadSeq: 4,
  waitingSince: null,
  rating: null,
  createdAt: '2026-01-01T09:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
};

/** Renders the card for `query`; `answer` is what the SDK's rateQuery() does. */
async function render(query: Query, answer?: (client: FakeCustomerClient) => void) {
  const client = new FakeCustomerClient();
  answer?.(client);
  TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client)] });
  await startSession(client);
  const fixture = TestBed.createComponent(RatingCard);
  fixture.componentRef.setInput('query', query);
  await fixture.whenStable();
  return { fixture, rateQuery: client.rateQuery, element: fixture.nativeElement as HTMLElement };
}

describe('RatingCard', () => {
  afterEach(() => localStorage.clear());

  it('posts the chosen score and comment to the rating route and hands back the stored query', async () => {
    const rated = { ...resolved, rating: { score: 4 as const, comment: 'quick', createdAt: '2026-01-01T10:01:00Z' } };
    const { fixture, rateQuery, element } = await render(resolved, (client) => client.rateQuery.mockResolvedValue(rated));
    const emitted: Query[] = [];
    fixture.componentInstance.rated.subscribe((q) => emitted.push(q));
    (element.querySelector('[data-testid="rate-4"]') as HTMLElement).click();
    element.querySelector('ion-textarea')!.dispatchEvent(new CustomEvent('ionInput', { detail: { value: ' quick ' } }));
    await fixture.whenStable();
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(rateQuery).toHaveBeenCalledWith(resolved.id, { score: 4, comment: 'quick' });
    expect(emitted).toEqual([rated]);
  });

  it('cannot be sent before a score is chosen', async () => {
    const { element, rateQuery, fixture } = await render(resolved);
    expect(element.querySelector('[data-testid="rating-submit"]')!.getAttribute('disabled')).not.toBeNull();
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(rateQuery).not.toHaveBeenCalled();
  });

  it('moves the score with the arrow keys like a radio group', async () => {
    const { element, fixture } = await render(resolved);
    const group = element.querySelector('[role="radiogroup"]') as HTMLElement;
    group.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await fixture.whenStable();
    expect(element.querySelector('[aria-checked="true"]')?.getAttribute('data-score')).toBe('4');
    group.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await fixture.whenStable();
    expect(element.querySelector('[aria-checked="true"]')?.getAttribute('data-score')).toBe('3');
  });

  it('jumps to the first and last score with Home and End', async () => {
    const { element, fixture } = await render(resolved);
    const group = element.querySelector('[role="radiogroup"]') as HTMLElement;
    group.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await fixture.whenStable();
    expect(element.querySelector('[aria-checked="true"]')?.getAttribute('data-score')).toBe('5');
    group.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await fixture.whenStable();
    expect(element.querySelector('[aria-checked="true"]')?.getAttribute('data-score')).toBe('1');
  });

  it('moves focus to the thank-you once the rating is sent, not to the page body', async () => {
    const rated = { ...resolved, rating: { score: 4 as const, comment: null, createdAt: '2026-01-01T10:01:00Z' } };
    const { fixture, element } = await render(resolved, (client) => client.rateQuery.mockResolvedValue(rated));
    document.body.appendChild(element);
    fixture.componentInstance.rated.subscribe((q) => fixture.componentRef.setInput('query', q));
    (element.querySelector('[data-testid="rate-4"]') as HTMLElement).click();
    await fixture.whenStable();
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(document.activeElement?.id).toBe('rating-title');
    element.remove();
  });

  it('shows the rating once given instead of the form', async () => {
    const { element } = await render({ ...resolved, rating: { score: 5, comment: '<b>great</b>', createdAt: '2026-01-01T10:01:00Z' } });
    expect(element.querySelector('form')).toBeNull();
    expect(element.textContent).toContain('You rated this conversation 5 out of 5');
    expect(element.querySelector('blockquote')!.textContent).toBe('<b>great</b>');
  });

  it('says what to do when the rating could not be sent', async () => {
    const { element, fixture } = await render(resolved, (client) => client.rateQuery.mockRejectedValue(new TypeError('Failed to fetch')));
    (element.querySelector('[data-testid="rate-2"]') as HTMLElement).click();
    await fixture.whenStable();
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('try again');
  });
});
