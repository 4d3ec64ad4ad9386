import { computed, effect, Injectable, signal } from '@angular/core';

const SETTINGS_KEY = 'parley-admin:alerts';

interface StoredAlertSettings {
  notify: boolean;
  sound: boolean;
  replies: boolean;
}

const DEFAULTS: StoredAlertSettings = { notify: true, sound: true, replies: true };

/**
 * How the console announces work while its tab is hidden: browser notifications, a short sound,
 * and whether customer replies on my queries count too (new queries always do). Each switchable,
 * remembered in localStorage. A notification needs the browser's permission as well as the
 * switch: {@link notificationsOn} is what actually happens.
 */
@Injectable({ providedIn: 'root' })
export class AlertSettings {
  private readonly stored = readSettings();
  /** The agent's wish for notifications (on by default; takes effect once permission is granted). */
  readonly notify = signal(this.stored.notify);
  readonly sound = signal(this.stored.sound);
  /** Announce customer replies on queries assigned to me, not only new queries. */
  readonly replies = signal(this.stored.replies);
  /** The browser's notification permission. */
  readonly permission = signal<NotificationPermission | 'unsupported'>(currentPermission());
  /** Whether a notification is shown: wished for AND permitted. The switch shows this, never more. */
  readonly notificationsOn = computed(() => this.notify() && this.permission() === 'granted');

  constructor() {
    effect(() => {
      const value: StoredAlertSettings = { notify: this.notify(), sound: this.sound(), replies: this.replies() };
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(value));
      } catch {
        // Not persisted without storage; the switch still works for this tab.
      }
    });
  }

  /** Asks the browser for permission (must run from a click) and turns notifications on when granted. */
  async enableNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    const permission = await Notification.requestPermission();
    this.permission.set(permission);
    if (permission === 'granted') this.notify.set(true);
  }

  /** Re-reads the permission: the agent may change it in the browser's site settings at any time. */
  refreshPermission(): void {
    this.permission.set(currentPermission());
  }
}

function currentPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function readSettings(): StoredAlertSettings {
  try {
    const parsed = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<StoredAlertSettings>;
    return { ...DEFAULTS, ...pickBooleans(parsed) };
  } catch {
    return DEFAULTS;
  }
}

function pickBooleans(value: Partial<StoredAlertSettings>): Partial<StoredAlertSettings> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'boolean'));
}
