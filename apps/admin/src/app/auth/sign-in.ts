import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AuthService } from './auth';
import { SessionStore } from './session-store';
import { describeError } from '../realtime/describe-error';

/** The sign-in page: email and password, with the server's refusal shown in words. */
@Component({
  selector: 'pa-sign-in',
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly auth = inject(AuthService);
  protected readonly endedReason = inject(SessionStore).endedReason;
  protected readonly email = signal('');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async signIn(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.signIn(this.email().trim(), this.password());
    } catch (error) {
      this.error.set(describeError(error, 'Could not sign in.'));
    } finally {
      this.busy.set(false);
    }
  }
}
