import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { AlertSettings } from './alert-settings';

/**
 * The header's alert switches. Notifications need the browser's permission, which only a click
 * may request: while it is undecided an "Enable notifications" button asks for it; once denied
 * the console says so (only the browser's site settings can undo that); the switch appears,
 * and shows "on", only when notifications can actually be shown.
 */
@Component({
  selector: 'pa-alert-controls',
  template: `
    <fieldset class="alerts">
      <legend class="visually-hidden">Alerts while this tab is hidden</legend>
      @switch (settings.permission()) {
        @case ('default') {
          <button type="button" class="enable" (click)="enableNotifications()">Enable notifications</button>
        }
        @case ('denied') {
          <span class="blocked" data-testid="notifications-blocked">Notifications blocked by the browser</span>
        }
        @case ('granted') {
          <label><input type="checkbox" [checked]="settings.notificationsOn()" (change)="toggleNotify($event)" /> Notify</label>
        }
      }
      <label><input type="checkbox" [checked]="settings.sound()" (change)="toggleSound($event)" /> Sound</label>
      <label><input type="checkbox" [checked]="settings.replies()" (change)="toggleReplies($event)" /> Replies too</label>
    </fieldset>
  `,
  styles: `
    .alerts { display: flex; gap: 0.5rem; align-items: center; border: 0; margin: 0; padding: 0; }
    label { display: inline-flex; gap: 0.3rem; align-items: center; white-space: nowrap; }
    .blocked { font-size: 0.8rem; white-space: nowrap; }
    .alerts { font-size: 0.82rem; }
    .enable { white-space: nowrap; padding: 0.25rem 0.5rem; font-size: 0.82rem; background: transparent; color: #fff; border-color: rgb(255 255 255 / 45%); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertControls {
  protected readonly settings = inject(AlertSettings);

  constructor() {
    // The permission can change in the browser's settings while we run: re-read it when the agent comes back.
    const refresh = () => this.settings.refreshPermission();
    globalThis.addEventListener?.('focus', refresh);
    inject(DestroyRef).onDestroy(() => globalThis.removeEventListener?.('focus', refresh));
  }

  protected enableNotifications(): void {
    void this.settings.enableNotifications();
  }

  protected toggleNotify(event: Event): void {
    this.settings.notify.set((event.target as HTMLInputElement).checked);
  }

  protected toggleSound(event: Event): void {
    this.settings.sound.set((event.target as HTMLInputElement).checked);
  }

  protected toggleReplies(event: Event): void {
    this.settings.replies.set((event.target as HTMLInputElement).checked);
  }
}
