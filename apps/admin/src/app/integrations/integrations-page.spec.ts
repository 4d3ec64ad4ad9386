import { TestBed } from '@angular/core/testing';
import type { WebhookDelivery, WebhookEndpoint } from '@parley/protocol';
import { WEBHOOK_EVENT_TYPES } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { IntegrationsPage } from './integrations-page';

const at = '2026-01-01T00:00:00.000Z';
const crm: WebhookEndpoint = {
  id: 'w-1', url: 'https://crm.example.com/parley', events: ['query.created'], includeNotes: false, active: true, secretHint: 'abcd',
  createdAt: at, updatedAt: at,
};
const failed: WebhookDelivery = {
  id: 'd-1', endpointId: 'w-1', eventId: 'e-1', eventType: 'query.created', status: 'failed', attempts: 30, nextAttemptAt: null,
  lastAttemptAt: at, responseStatus: 503, responseBody: 'maintenance', error: null, createdAt: at,
};

describe('IntegrationsPage', () => {
  let api: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeAgentClient();
    api.listWebhooks.mockResolvedValue([crm]);
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(api)] });
    startRealtime();
  });

  async function render() {
    const fixture = TestBed.createComponent(IntegrationsPage);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }
  const button = (el: HTMLElement, label: string) => el.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;

  it('lists endpoints; adding one sends the checked events and shows its secret once', async () => {
    api.createWebhook.mockImplementation(async (input) => ({
      webhook: { ...crm, id: 'w-2', url: input.url, events: input.events, includeNotes: input.includeNotes ?? false, secretHint: 'wxyz' },
      secret: 'whsec_just-made-wxyz',
    }));
    const { fixture, el } = await render();
    expect(el.querySelector('tbody')!.textContent).toContain('https://crm.example.com/parley');
    expect(el.textContent).toContain('…abcd');
    const form = el.querySelector<HTMLFormElement>('form[aria-label="Add a webhook"]')!;
    form.querySelector<HTMLInputElement>('input[name="url"]')!.value = 'https://hooks.example.org/in';
    // Everything is checked by default: leave only messages, with notes.
    for (const box of form.querySelectorAll<HTMLInputElement>('input[name="events"]')) box.checked = box.value === 'message.created';
    form.querySelector<HTMLInputElement>('input[name="includeNotes"]')!.checked = true;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(api.createWebhook).toHaveBeenCalledWith({ url: 'https://hooks.example.org/in', events: ['message.created'], includeNotes: true });
    expect(el.querySelector('[data-testid="new-secret"]')!.textContent).toBe('whsec_just-made-wxyz');
    expect(el.querySelectorAll('tbody tr')).toHaveLength(2);
    el.querySelector<HTMLButtonElement>('.secret button')!.click();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="new-secret"]')).toBeNull();
    // The form is back to every event checked.
    expect([...form.querySelectorAll<HTMLInputElement>('input[name="events"]')].filter((b) => b.checked)).toHaveLength(WEBHOOK_EVENT_TYPES.length);
  });

  it('refuses to add a webhook with no event, and shows the server’s reason for a refused URL', async () => {
    api.createWebhook.mockRejectedValue(Object.assign(new Error('the webhook URL’s host 10.0.0.8 resolves to 10.0.0.8, a private or reserved address'), { code: 'invalid_payload' }));
    const { fixture, el } = await render();
    const form = el.querySelector<HTMLFormElement>('form[aria-label="Add a webhook"]')!;
    form.querySelector<HTMLInputElement>('input[name="url"]')!.value = 'http://10.0.0.8/x';
    for (const box of form.querySelectorAll<HTMLInputElement>('input[name="events"]')) box.checked = false;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(api.createWebhook).not.toHaveBeenCalled();
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('Choose at least one event');
    form.querySelector<HTMLInputElement>('input[name="events"]')!.checked = true;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('private or reserved address');
  });

  it('says whether customers are emailed replies they miss, and how to turn it on when off', async () => {
    api.capabilities.mockResolvedValue({ emailNotifications: false });
    const off = await render();
    expect(off.el.querySelector('[data-testid="email-state"]')!.textContent).toContain('Off:');
    expect(off.el.querySelector('[data-testid="email-state"]')!.textContent).toContain('SMTP_URL');
    api.capabilities.mockResolvedValue({ emailNotifications: true });
    const on = await render();
    expect(on.el.querySelector('[data-testid="email-state"]')!.textContent).toContain('On.');
  });

  it('pauses an endpoint, shows its deliveries with the last answer, and sends one again', async () => {
    api.updateWebhook.mockResolvedValue({ webhook: { ...crm, active: false } });
    api.listWebhookDeliveries.mockResolvedValue({ deliveries: [failed], nextCursor: null });
    api.redeliverWebhook.mockResolvedValue({ ...failed, status: 'pending', nextAttemptAt: at });
    const { fixture, el } = await render();
    button(el, 'Pause https://crm.example.com/parley').click();
    await fixture.whenStable();
    expect(api.updateWebhook).toHaveBeenCalledWith('w-1', { active: false });
    expect(el.querySelector('tbody tr')!.textContent).toContain('Paused');
    expect(button(el, 'Resume https://crm.example.com/parley')).not.toBeNull();

    button(el, 'Deliveries to https://crm.example.com/parley').click();
    await fixture.whenStable();
    const deliveries = el.querySelector('[data-testid="deliveries"]')!;
    expect(deliveries.textContent).toContain('HTTP 503');
    expect(deliveries.textContent).toContain('maintenance');
    expect(deliveries.textContent).toContain('30 attempts');
    expect(deliveries.querySelector('.status')!.textContent).toBe('failed');
    button(el, 'Send query.created again').click();
    await fixture.whenStable();
    expect(api.redeliverWebhook).toHaveBeenCalledWith('w-1', 'd-1');
    expect(deliveries.querySelector('.status')!.textContent).toBe('pending');
  });
});
