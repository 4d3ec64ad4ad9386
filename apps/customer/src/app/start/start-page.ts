import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { IonContent, IonHeader, IonInput, IonItem, IonList, IonNote, IonTitle, IonToolbar } from '@ionic/angular';
import { errorText } from '../connection/error-text';
import { FormSubmit } from '../forms/form-submit';
import { ParleySession } from '../session/parley-session';

/** Welcome: start as a visitor, with a name and email if the customer wants to leave them. */
@Component({
  selector: 'app-start-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonContent, IonList, IonItem, IonInput, IonNote, FormSubmit],
  templateUrl: './start-page.html',
  styleUrl: './start-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StartPage {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);

  protected readonly name = signal('');
  protected readonly email = signal('');
  protected readonly starting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async start(event?: Event): Promise<void> {
    event?.preventDefault();
    if (this.starting()) return;
    this.starting.set(true);
    this.error.set(null);
    try {
      await this.session.startAsVisitor({ name: this.name(), email: this.email() });
      await this.router.navigateByUrl('/queries', { replaceUrl: true });
    } catch (error) {
      this.error.set(errorText(error, 'We could not start your session. Please try again.'));
    } finally {
      this.starting.set(false);
    }
  }
}
