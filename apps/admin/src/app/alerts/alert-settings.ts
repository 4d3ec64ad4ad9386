import { effect, Injectable, signal } from '@angular/core';

const SETTINGS_KEY = 'parley-admin:alerts';

interface StoredAlertSettings {
  notify: boolean;
  sound: boolean;
}

/**
 * Whether a new query is announced by a browser notification and a short sound while the tab
 * is hidden. Both on by default, each switchable, remembered in localStorage.
 */
@Injectable({ providedIn: 'root' })
export class AlertSettings {
  private readonly stored = readSettings();
  readonly notify = signal(this.stored.notify);
  readonly sound = signal(this.stored.sound);
  /** The browser's notification permission, refreshed when the agent asks for it. */
  readonly permission = signal<NotificationPermission | 'unsupported'>(currentPermission());

  constructor() {
    effect(() => {
      const value: StoredAlertSettings = { notify: this.notify(), sound: this.sound() };
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(value));
      } catch {
        // Not persisted without storage; the switch still works for this tab.
      }
    });
  }

  /** Turns notifications on or off; turning on asks the browser for permission (needs a click). */
  async setNotify(on: boolean): Promise<void> {
    this.notify.set(on);
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      this.permission.set(await Notification.requestPermission());
    }
  }
}

function currentPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function readSettings(): StoredAlertSettings {
  try {
    const parsed = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<StoredAlertSettings>;
    return { notify: parsed.notify ?? true, sound: parsed.sound ?? true };
  } catch {
    return { notify: true, sound: true };
  }
}
