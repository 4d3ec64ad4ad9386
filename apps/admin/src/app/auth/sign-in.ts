import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { describeError } from '../realtime/describe-error';
import { AuthService } from './auth';
import { SessionStore } from './session-store';

/** Loose on purpose: the server has the last word; this only catches the obvious slip. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The sign-in page: email and password. Problems are said in words and tied to their field
 * (aria-invalid + aria-describedby); the server's raw validation text is never shown.
 */
@Component({
  selector: 'pa-sign-in',
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly auth = inject(AuthService);
  private readonly route = inject(ActivatedRoute);
  protected readonly endedReason = inject(SessionStore).endedReason;
  protected readonly email = signal('');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly emailError = signal<string | null>(null);
  protected readonly passwordError = signal<string | null>(null);
  /** A refusal about both fields together (wrong email or password, server down). */
  protected readonly error = signal<string | null>(null);

  protected updateEmail(event: Event): void {
    this.email.set((event.target as HTMLInputElement).value);
    this.emailError.set(null);
  }

  protected updatePassword(event: Event): void {
    this.password.set((event.target as HTMLInputElement).value);
    this.passwordError.set(null);
  }

  protected async signIn(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const email = this.email().trim();
    this.emailError.set(EMAIL_SHAPE.test(email) ? null : 'Enter an email address like name@example.com.');
    this.passwordError.set(this.password() ? null : 'Enter your password.');
    this.error.set(null);
    if (this.emailError() || this.passwordError()) return;
    this.busy.set(true);
    try {
      await this.auth.signIn(email, this.password(), this.route.snapshot.queryParamMap.get('returnUrl'));
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'invalid_payload') this.emailError.set('Enter an email address like name@example.com.');
      else this.error.set(describeError(error, 'Could not sign in.'));
    } finally {
      this.busy.set(false);
    }
  }
}
