import { afterEach, describe, expect, it, vi } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { ParleySession } from '../session/parley-session';
import { QueryListPage } from './query-list-page';

describe('QueryListPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
    sessionStorage.clear();
  });

  async function render() {
    const client = new FakeCustomerClient();
    TestBed.configureTestingModule({
      providers: [provideIonicAngular(), provideRouter([{ path: '**', children: [] }]), provideFakeCustomerClient(client)],
    });
    await startSession(client);
    const fixture = TestBed.createComponent(QueryListPage);
    await fixture.whenStable();
    return { fixture, client, element: fixture.nativeElement as HTMLElement };
  }

  it('"Sign out" forgets this device: the session, drafts and outbox go, the rest of the site’s storage stays', async () => {
    const { element, client } = await render();
    localStorage.setItem('parley.customer.draft.q1', 'half a sentence');
    localStorage.setItem('parley.customer.sdk.outbox', '[]');
    localStorage.setItem('shop.cart', '3 items');
    const confirm = vi.fn((_message: string) => true);
    vi.stubGlobal('confirm', confirm);
    (element.querySelector('[data-testid="forget-device"]') as HTMLElement).click();
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/start'));
    expect(confirm.mock.calls[0]![0]).toContain('As a visitor you will not be able to come back');
    expect(TestBed.inject(ParleySession).client()).toBeNull();
    expect(client.close).toHaveBeenCalled();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('parley.customer.'))).toEqual([]);
    expect(localStorage.getItem('shop.cart')).toBe('3 items');
  });

  it('says how many written messages are not sent yet before forgetting them with the device', async () => {
    const { element, client } = await render();
    client.pendingCount.set(2);
    const confirm = vi.fn((_message: string) => false);
    vi.stubGlobal('confirm', confirm);
    (element.querySelector('[data-testid="forget-device"]') as HTMLElement).click();
    expect(confirm.mock.calls[0]![0]).toContain('2 messages you wrote have not been sent yet and will be lost.');
    client.pendingCount.set(0);
    (element.querySelector('[data-testid="forget-device"]') as HTMLElement).click();
    expect(confirm.mock.calls[1]![0]).not.toContain('not been sent');
  });

  it('keeps everything when the customer cancels', async () => {
    const { element } = await render();
    localStorage.setItem('parley.customer.draft.q1', 'keep me');
    vi.stubGlobal('confirm', vi.fn(() => false));
    (element.querySelector('[data-testid="forget-device"]') as HTMLElement).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(TestBed.inject(ParleySession).client()).not.toBeNull();
    expect(localStorage.getItem('parley.customer.draft.q1')).toBe('keep me');
  });
});
