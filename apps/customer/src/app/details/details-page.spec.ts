import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular';
import { ParleyError } from '@parley/client';
import type { Customer } from '@parley/protocol';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { DetailsPage } from './details-page';

const ADA: Customer = { id: 'c-1', name: 'Ada', email: 'ada@example.test', externalId: null, createdAt: '' };

async function render(details: Customer) {
  const client = new FakeCustomerClient();
  client.getDetails.mockResolvedValue(details);
  TestBed.configureTestingModule({
    providers: [provideIonicAngular(), provideRouter([{ path: '**', children: [] }]), provideFakeCustomerClient(client)],
  });
  await startSession(client);
  const fixture = TestBed.createComponent(DetailsPage);
  await fixture.whenStable();
  await fixture.whenStable();
  const page = fixture.componentInstance as unknown as {
    name: { set(v: string): void };
    email: { set(v: string): void };
    save(): Promise<void>;
    error(): string | null;
  };
  return { client, fixture, page, element: fixture.nativeElement as HTMLElement };
}

describe('DetailsPage', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => localStorage.clear());

  it('a visitor saves only what changed (an emptied email is removed) and goes back to their queries', async () => {
    const { client, page, element } = await render(ADA);
    expect(element.querySelector('[data-testid="details-name"]')).not.toBeNull();
    client.updateDetails.mockImplementation(async (patch) => ({ ...ADA, ...patch }) as Customer);
    page.name.set(' Ada Lovelace ');
    page.email.set('  ');
    await page.save();
    expect(client.updateDetails).toHaveBeenCalledWith({ name: 'Ada Lovelace', email: null });
    expect(TestBed.inject(Router).url).toBe('/queries');
  });

  it('refuses an empty name before asking the server, and shows the server’s refusal in words', async () => {
    const { client, page } = await render(ADA);
    page.name.set('   ');
    await page.save();
    expect(client.updateDetails).not.toHaveBeenCalled();
    expect(page.error()).toMatch(/give a name/);
    page.name.set('Ada');
    page.email.set('not-an-email');
    client.updateDetails.mockRejectedValue(new ParleyError({ code: 'invalid_payload', message: 'email: Invalid email address' }));
    await page.save();
    expect(page.error()).not.toBeNull();
  });

  it('an identified customer sees their details read-only, with where to change them', async () => {
    const { element } = await render({ ...ADA, externalId: 'shop-42' });
    expect(element.querySelector('[data-testid="details-readonly"]')).not.toBeNull();
    expect(element.querySelector('form')).toBeNull();
    expect(element.textContent).toContain('change them there');
  });
});
