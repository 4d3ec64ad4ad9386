import { afterEach, describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ConnectionStatus } from '@parley/client';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { ConnectionBanner } from './connection-banner';

async function render(initial: ConnectionStatus, pending = 0) {
  const client = new FakeCustomerClient();
  const { status, pendingCount } = client;
  status.set(initial);
  pendingCount.set(pending);
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideFakeCustomerClient(client)] });
  await startSession(client);
  const fixture = TestBed.createComponent(ConnectionBanner);
  await fixture.whenStable();
  return { fixture, status, pendingCount, element: fixture.nativeElement as HTMLElement };
}

describe('ConnectionBanner', () => {
  afterEach(() => localStorage.clear());

  it('stays empty while online with nothing waiting', async () => {
    const { element } = await render({ state: 'online' });
    expect(element.querySelector('[data-testid="connection-banner"]')).toBeNull();
  });

  it('follows the connection live: offline with waiting messages, then back online', async () => {
    const { element, fixture, status, pendingCount } = await render({ state: 'offline', reason: 'browser_offline' }, 2);
    expect(element.textContent).toContain('You are offline.');
    expect(element.textContent).toContain('2 messages are waiting');
    status.set({ state: 'online' });
    pendingCount.set(0);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="connection-banner"]')).toBeNull();
  });

  it('announces changes politely to screen readers', async () => {
    const { element } = await render({ state: 'reconnecting', attempt: 1, nextRetryAt: Date.now() + 5000 });
    const region = element.querySelector('[role="status"]');
    expect(region?.getAttribute('aria-live')).toBe('polite');
    expect(region?.textContent).toContain('Cannot reach the support server.');
  });

  it('keeps the ticking retry countdown out of the live region, so it is not re-read every second', async () => {
    const { element, fixture } = await render({ state: 'reconnecting', attempt: 1, nextRetryAt: Date.now() + 5000 });
    const region = element.querySelector('[role="status"]')!;
    const announced = region.textContent;
    expect(element.querySelector('[data-testid="connection-countdown"]')?.textContent).toMatch(/Trying again in \d s\./);
    expect(announced).not.toMatch(/Trying again/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await fixture.whenStable();
    expect(region.textContent).toBe(announced);
  });

  it('offers to start again when signed out', async () => {
    const { element } = await render({ state: 'offline', reason: 'auth_failed' });
    expect(element.querySelector('ion-button')?.textContent).toContain('Start again');
  });
});
