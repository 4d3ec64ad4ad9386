import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { WEBHOOK_EVENT_TYPES, type WebhookDelivery, type WebhookEndpoint, type WebhookEventType } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';

/** What each event means, as the form's checkboxes say it. */
export const EVENT_LABELS: Readonly<Record<WebhookEventType, string>> = {
  'query.created': 'A query is opened',
  'query.assigned': 'A query is assigned or transferred',
  'query.resolved': 'A query is resolved',
  'query.reopened': 'A query is reopened',
  'message.created': 'A message is sent',
  'rating.created': 'A customer rates a query',
};

/** The endpoint whose deliveries are shown, with the pages read so far. */
interface DeliveryView {
  endpointId: string;
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
}

/**
 * Admins: what Parley tells other systems. Whether customers are emailed replies they have not
 * read (on when the server has SMTP_URL; said plainly when it is off), and webhook endpoints
 * (register, pause, rotate the secret, delete) with each endpoint's recent deliveries and their
 * last answer, where one can be sent again. A secret is shown once, right after it was made, as
 * the server returns it only then.
 */
@Component({
  selector: 'pa-integrations-page',
  imports: [DatePipe],
  templateUrl: './integrations-page.html',
  styleUrls: ['../shell/management-page.css', './integrations-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationsPage {
  private readonly realtime = inject(RealtimeService);
  protected readonly eventTypes = WEBHOOK_EVENT_TYPES;
  protected readonly labels = EVENT_LABELS;
  protected readonly endpoints = signal<readonly WebhookEndpoint[]>([]);
  private readonly action = new UiAction();
  protected readonly error = this.action.error;
  protected readonly busy = this.action.busy;
  /** A secret just made, shown until dismissed: it is never shown again. */
  protected readonly newSecret = signal<{ url: string; secret: string } | null>(null);
  protected readonly view = signal<DeliveryView | null>(null);
  /** Null until the server said. */
  protected readonly emailNotifications = signal<boolean | null>(null);

  constructor() {
    void this.action.run(() => this.reload());
    void this.realtime.api.capabilities().then(
      (caps) => this.emailNotifications.set(caps.emailNotifications),
      () => this.emailNotifications.set(null),
    );
  }

  protected create(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const events = data.getAll('events').map(String) as WebhookEventType[];
    if (events.length === 0) {
      this.error.set('Choose at least one event.');
      return Promise.resolve();
    }
    return this.action.run(async () => {
      const { webhook, secret } = await this.realtime.api.createWebhook({
        url: String(data.get('url') ?? '').trim(),
        events,
        includeNotes: data.get('includeNotes') === 'on',
      });
      this.endpoints.update((list) => [...list, webhook]);
      if (secret) this.newSecret.set({ url: webhook.url, secret });
      form.reset();
    });
  }

  protected setActive(endpoint: WebhookEndpoint, active: boolean): Promise<void> {
    return this.action.run(async () => this.replace((await this.realtime.api.updateWebhook(endpoint.id, { active })).webhook));
  }

  protected rotate(endpoint: WebhookEndpoint): Promise<void> {
    if (!globalThis.confirm?.(`Replace the signing secret of ${endpoint.url}? The old one stops working at once.`)) return Promise.resolve();
    return this.action.run(async () => {
      const { webhook, secret } = await this.realtime.api.updateWebhook(endpoint.id, { rotateSecret: true });
      this.replace(webhook);
      if (secret) this.newSecret.set({ url: webhook.url, secret });
    });
  }

  protected remove(endpoint: WebhookEndpoint): Promise<void> {
    if (!globalThis.confirm?.(`Delete the webhook ${endpoint.url} and its delivery history?`)) return Promise.resolve();
    return this.action.run(async () => {
      await this.realtime.api.deleteWebhook(endpoint.id);
      this.endpoints.update((list) => list.filter((e) => e.id !== endpoint.id));
      if (this.view()?.endpointId === endpoint.id) this.view.set(null);
    });
  }

  /** Shows (or refreshes) the endpoint's latest deliveries. */
  protected showDeliveries(endpoint: Pick<WebhookEndpoint, 'id'>): Promise<void> {
    return this.action.run(async () => {
      const page = await this.realtime.api.listWebhookDeliveries(endpoint.id);
      this.view.set({ endpointId: endpoint.id, deliveries: page.deliveries, nextCursor: page.nextCursor });
    });
  }

  protected moreDeliveries(): Promise<void> {
    const current = this.view();
    if (!current?.nextCursor) return Promise.resolve();
    return this.action.run(async () => {
      const page = await this.realtime.api.listWebhookDeliveries(current.endpointId, { cursor: current.nextCursor! });
      this.view.set({ ...current, deliveries: [...current.deliveries, ...page.deliveries], nextCursor: page.nextCursor });
    });
  }

  protected redeliver(delivery: WebhookDelivery): Promise<void> {
    return this.action.run(async () => {
      const updated = await this.realtime.api.redeliverWebhook(delivery.endpointId, delivery.id);
      this.view.update((v) => v && { ...v, deliveries: v.deliveries.map((d) => (d.id === updated.id ? updated : d)) });
    });
  }

  protected endpointUrl(id: string): string {
    return this.endpoints().find((e) => e.id === id)?.url ?? '';
  }

  /** The last attempt in words: the HTTP status, or why there was none. */
  protected lastAnswer(d: WebhookDelivery): string {
    if (d.attempts === 0) return 'Not tried yet';
    if (d.responseStatus !== null) return `HTTP ${d.responseStatus}`;
    return d.error ?? 'No answer';
  }

  private async reload(): Promise<void> {
    this.endpoints.set(await this.realtime.api.listWebhooks());
  }

  private replace(endpoint: WebhookEndpoint): void {
    this.endpoints.update((list) => list.map((e) => (e.id === endpoint.id ? endpoint : e)));
  }
}
