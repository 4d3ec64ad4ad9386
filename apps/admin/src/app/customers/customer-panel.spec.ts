import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { makeQuery } from '@parley/angular/testing';
import type { CustomerCard } from '@parley/client';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { CustomerPanel } from './customer-panel';

const card = (overrides: Partial<CustomerCard['customer']> = {}, more: Partial<CustomerCard> = {}): CustomerCard => ({
  customer: { id: 'c-1', name: 'Ada', email: 'ada@example.test', externalId: null, createdAt: '2026-12-01T09:00:00.000Z', lastSeenAt: null, ...overrides },
  presence: 'offline',
  queries: [],
  ...more,
});

describe('CustomerPanel', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client), provideRouter([])] });
    startRealtime();
  });

  async function render(customer: CustomerCard | null, inputs: { currentQueryId?: string; loadFailed?: boolean } = {}) {
    if (customer) client.customers.set({ [customer.customer.id]: customer });
    const fixture = TestBed.createComponent(CustomerPanel);
    fixture.componentRef.setInput('customerId', 'c-1');
    if (inputs.currentQueryId) fixture.componentRef.setInput('currentQueryId', inputs.currentQueryId);
    if (inputs.loadFailed) fixture.componentRef.setInput('loadFailed', true);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows online now while the customer is connected, and when they were last seen once they go', async () => {
    const seen = new Date(Date.now() - 5 * 60_000).toISOString();
    const { fixture, el } = await render(card({ lastSeenAt: seen }, { presence: 'online' }));
    expect(el.querySelector('[data-testid="customer-presence"]')!.textContent).toContain('Online now');
    client.customers.set({ 'c-1': card({ lastSeenAt: seen }, { presence: 'offline' }) });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="customer-presence"]')!.textContent).toContain('Last seen 5 min ago');
  });

  it('says visitor or identified with the host’s id, and lists the customer’s queries with the open one marked', async () => {
    const queries = [makeQuery({ id: 'q-2', subject: 'Refund', status: 'open' }), makeQuery({ id: 'q-1', subject: 'Order lost', status: 'resolved' })];
    const { el } = await render(card({ externalId: 'shop-42' }, { queries }), { currentQueryId: 'q-1' });
    expect(el.textContent).toContain('Identified (shop-42)');
    const items = [...el.querySelectorAll('[data-testid="customer-queries"] li')];
    expect(items.map((li) => li.querySelector('a')!.textContent)).toEqual(['Refund', 'Order lost']);
    expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe('/queries/q-2');
    expect(items[1]!.querySelector('a')!.getAttribute('aria-current')).toBe('page');
    expect(items[0]!.querySelector('a')!.getAttribute('aria-current')).toBeNull();
  });

  it('saves only what the agent changed; a cleared email is removed; the refusal is shown in words', async () => {
    client.updateCustomer.mockImplementation(async (id, patch) => ({ ...card().customer, id, ...patch }) as CustomerCard['customer']);
    const { fixture, el } = await render(card());
    (el.querySelector('button.link') as HTMLButtonElement).click();
    await fixture.whenStable();
    const email = el.querySelector<HTMLInputElement>('#customer-email')!;
    email.value = '   ';
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(client.updateCustomer).toHaveBeenCalledWith('c-1', { email: null });
    expect(el.querySelector('form')).toBeNull();

    client.updateCustomer.mockRejectedValueOnce(Object.assign(new Error('nope'), { code: 'invalid_payload', message: 'name: too long' }));
    (el.querySelector('button.link') as HTMLButtonElement).click();
    await fixture.whenStable();
    el.querySelector<HTMLInputElement>('#customer-name')!.value = 'Ada Lovelace';
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(client.updateCustomer).toHaveBeenLastCalledWith('c-1', { name: 'Ada Lovelace' });
    expect(el.querySelector('[role="alert"]')).not.toBeNull();
    expect(el.querySelector('form')).not.toBeNull();
  });

  it('says when the details could not be loaded', async () => {
    const { el } = await render(null, { loadFailed: true });
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('Could not load');
  });
});
