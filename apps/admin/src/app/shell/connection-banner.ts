import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ConnectionStatus } from '@parley/client';

/** What the banner says, and how loudly. */
export interface BannerContent {
  tone: 'info' | 'warning' | 'error';
  text: string;
  /** The session is gone: offer to sign in again. */
  signIn?: boolean;
  /** Waiting for the next attempt: offer to try now. */
  retry?: boolean;
  /**
   * What screen readers hear: the text without what changes on every attempt (the attempt
   * number), so a flapping link is announced once, not once per attempt.
   */
  announcement: string;
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
      return pendingCount > 0 ? plain('info', `Sending…${waiting}`) : null;
    case 'connecting':
      return plain('info', `Connecting…${waiting}`);
    case 'reconnecting':
      return {
        tone: 'warning',
        text: `Connection lost. Reconnecting (attempt ${status.attempt})…${waiting}`,
        announcement: `Connection lost. Reconnecting…${waiting}`,
        retry: true,
      };
    case 'offline':
      if (status.reason === 'browser_offline') {
        return plain('warning', `You are offline. Messages are sent when the connection is back.${waiting}`);
      }
      if (status.reason === 'auth_failed') {
        const why = status.error?.message ? ` (${status.error.message})` : '';
        return { ...plain('error', `You were signed out${why}.${waiting}`), signIn: true };
      }
      return plain('error', `Disconnected.${waiting}`);
  }
}

function plain(tone: BannerContent['tone'], text: string): BannerContent {
  return { tone, text, announcement: text };
}

/**
 * Always-visible connection state. The live region is rendered even when empty, because
 * screen readers only announce changes to a region that already exists; it holds the
 * announcement, not the visible text, so each reconnect attempt does not speak again.
 */
@Component({
  selector: 'pa-connection-banner',
  template: `
    <div class="visually-hidden" role="status" aria-live="polite" data-testid="connection-announcement">{{ announcement() }}</div>
    @if (content(); as c) {
      <div class="banner tone-{{ c.tone }}" data-testid="connection-banner" [attr.data-state]="status().state">
        <span>{{ c.text }}</span>
        @if (c.retry) {
          <button type="button" (click)="retryNow.emit()">Retry now</button>
        }
        @if (c.signIn) {
          <button type="button" (click)="signInAgain.emit()">Sign in again</button>
        }
      </div>
    }
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
  readonly retryNow = output<void>();
  protected readonly content = computed(() => bannerFor(this.status(), this.pendingCount()));
  /** A computed string: an unchanged announcement is not re-rendered, so it is not re-announced. */
  protected readonly announcement = computed(() => this.content()?.announcement ?? '');
}
