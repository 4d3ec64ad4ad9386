import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SessionStore } from '../auth/session-store';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';

/**
 * Every agent's own profile: their name, and their password (the current one first). A new password signs
 * every other browser and device out; this console carries on with the fresh token the SDK was given.
 */
@Component({
  selector: 'pa-profile-page',
  templateUrl: './profile-page.html',
  styleUrl: '../shell/management-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  private readonly realtime = inject(RealtimeService);
  protected readonly session = inject(SessionStore);
  private readonly action = new UiAction((error) =>
    (error as { code?: string } | null)?.code === 'invalid_credentials' ? 'Your current password is not right.' : describeError(error),
  );
  protected readonly busy = this.action.busy;
  protected readonly error = this.action.error;
  protected readonly done = signal<string | null>(null);

  protected rename(event: Event): Promise<void> {
    event.preventDefault();
    const name = String(new FormData(event.target as HTMLFormElement).get('name') ?? '').trim();
    return this.run(async () => {
      this.session.updateAgent(await this.realtime.api.updateProfile({ name }));
      this.done.set('Your name is saved.');
    });
  }

  protected changePassword(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const password = String(data.get('password') ?? '');
    if (password !== String(data.get('confirm') ?? '')) {
      this.error.set('The two new passwords differ.');
      return Promise.resolve();
    }
    return this.run(async () => {
      this.session.updateAgent(await this.realtime.api.updateProfile({ password, currentPassword }));
      form.reset();
      this.done.set('Your password is changed. Every other browser and device you used is signed out.');
    });
  }

  private run(action: () => Promise<void>): Promise<void> {
    this.done.set(null);
    return this.action.run(action);
  }
}
