import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ConnectionStatus } from '@parley/client';

/** What the banner says, and how loudly. */
export interface BannerContent {
  tone: 'info' | 'warning' | 'error';
  text: string;
  /** The session is gone: offer to sign in again. */
  signIn?: boolean;
}

/**
 * The connection banner's text for a status and an outbox size; null when there is nothing
 * to say (online, nothing waiting).
 */
export function bannerFor(status: ConnectionStatus, pendingCount: number): BannerContent | null {
  const waiting =
    pendingCount > 0 ? ` ${pendingCount} ${pendingCount === 1 ? 'message' : 'messages'} waiting to send.` : '';
  switch (status.state) {
    case 'online':
      return pendingCount > 0 ? { tone: 'info', text: `Sending…${waiting}` } : null;
    case 'connecting':
      return { tone: 'info', text: `Connecting…${waiting}` };
    case 'reconnecting':
      return {
        tone: 'warning',
        text: `Connection lost. Reconnecting (attempt ${status.attempt})…${waiting}`,
      };
    case 'offline':
      if (status.reason === 'browser_offline') {
        return { tone: 'warning', text: `You are offline. Messages are sent when the connection is back.${waiting}` };
      }
      if (status.reason === 'auth_failed') {
        const why = status.error?.message ? ` (${status.error.message})` : '';
        return { tone: 'error', text: `You were signed out${why}.${waiting}`, signIn: true };
      }
      return { tone: 'error', text: `Disconnected.${waiting}` };
  }
}

/**
 * Always-visible connection state. The live region is rendered even when empty, because
 * screen readers only announce changes to a region that already exists.
 */
@Component({
  selector: 'pa-connection-banner',
  template: `
    <div class="live" role="status" aria-live="polite">
      @if (content(); as c) {
        <div class="banner tone-{{ c.tone }}" data-testid="connection-banner" [attr.data-state]="status().state">
          <span>{{ c.text }}</span>
          @if (c.signIn) {
            <button type="button" (click)="signInAgain.emit()">Sign in again</button>
          }
        </div>
      }
    </div>
  `,
  styles: `
    .banner { display: flex; align-items: center; gap: 0.75rem; padding: 0.45rem 1rem; font-weight: 600; }
    .tone-info { background: var(--pa-primary-soft); color: #12328a; }
    .tone-warning { background: var(--pa-warning-bg); color: var(--pa-warning-text); }
    .tone-error { background: #fde7e5; color: #8c1d17; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBanner {
  readonly status = input.required<ConnectionStatus>();
  readonly pendingCount = input(0);
  readonly signInAgain = output<void>();
  protected readonly content = computed(() => bannerFor(this.status(), this.pendingCount()));
}
