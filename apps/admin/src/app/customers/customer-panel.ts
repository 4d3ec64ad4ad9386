import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CustomerCard } from '@parley/client';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';
import { Clock } from '../time/clock';
import { formatDuration } from '../time/relative-time';

/**
 * Who the customer of the open conversation is, beside it: name and email (agents can correct them), visitor or
 * identified (with the host's id), online now or when last seen, first seen, and their other queries one click
 * away. The card is loaded by the conversation view through the SDK's `loadCustomer`, then kept live by the SDK
 * (presence of the customer whose conversation is open, corrections made by anyone).
 */
@Component({
  selector: 'pa-customer-panel',
  imports: [RouterLink],
  templateUrl: './customer-panel.html',
  styleUrl: './customer-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerPanel {
  readonly customerId = input.required<string>();
  /** The conversation shown beside the panel (marked in the list of queries). */
  readonly currentQueryId = input<string | null>(null);
  /** The card could not be loaded (the conversation view loads it). */
  readonly loadFailed = input(false);

  private readonly realtime = inject(RealtimeService);
  private readonly clock = inject(Clock);
  protected readonly action = new UiAction();
  protected readonly editing = signal(false);

  protected readonly card = computed<CustomerCard | null>(() => this.realtime.customers()[this.customerId()] ?? null);
  protected readonly lastSeen = computed(() => {
    const at = this.card()?.customer.lastSeenAt;
    return at ? `${formatDuration(this.clock.now() - Date.parse(at))} ago` : null;
  });

  constructor() {
    // Another customer: whatever was being edited was someone else's.
    effect(() => {
      this.customerId();
      untracked(() => this.editing.set(false));
    });
  }

  protected startEditing(): void {
    this.action.error.set(null);
    this.editing.set(true);
  }

  protected save(event: Event, name: string, email: string): void {
    event.preventDefault();
    const card = this.card();
    if (!card) return;
    const trimmedEmail = email.trim();
    const patch = {
      ...(name.trim() !== card.customer.name ? { name: name.trim() } : {}),
      ...(trimmedEmail !== (card.customer.email ?? '') ? { email: trimmedEmail === '' ? null : trimmedEmail } : {}),
    };
    if (Object.keys(patch).length === 0) {
      this.editing.set(false);
      return;
    }
    void this.action.run(async () => {
      await this.realtime.api.updateCustomer(card.customer.id, patch);
      this.editing.set(false);
    });
  }

  protected formatDate(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
}
