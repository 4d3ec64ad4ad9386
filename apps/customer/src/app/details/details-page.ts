import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  IonBackButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonInput,
  IonItem,
  IonList,
  IonNote,
  IonTitle,
  IonToolbar,
} from '@ionic/angular';
import type { Customer } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../connection/error-text';
import { FormSubmit } from '../forms/form-submit';
import { ParleySession } from '../session/parley-session';

/**
 * "Your details": the name agents see and the email replies and transcripts go to. A visitor edits them here; a
 * customer the host site signed in sees them read-only (that site owns them and sends them at every sign-in).
 */
@Component({
  selector: 'app-details-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonButtons, IonBackButton, IonContent, IonList, IonItem, IonInput, IonNote, ConnectionBanner, FormSubmit],
  templateUrl: './details-page.html',
  styleUrl: './details-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DetailsPage {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);

  protected readonly details = signal<Customer | null>(null);
  protected readonly name = signal('');
  protected readonly email = signal('');
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    const client = this.session.client();
    if (!client) return;
    this.error.set(null);
    try {
      const details = await client.getDetails();
      this.details.set(details);
      this.name.set(details.name);
      this.email.set(details.email ?? '');
    } catch (error) {
      this.error.set(errorText(error, 'Your details could not be loaded. Please try again.'));
    }
  }

  protected async save(event?: Event): Promise<void> {
    event?.preventDefault();
    const client = this.session.client();
    const current = this.details();
    if (!client || !current || this.saving()) return;
    const name = this.name().trim();
    const email = this.email().trim();
    if (!name) {
      this.error.set('Please give a name, so agents know whom they are talking to.');
      return;
    }
    const patch = {
      ...(name !== current.name ? { name } : {}),
      ...(email !== (current.email ?? '') ? { email: email === '' ? null : email } : {}),
    };
    if (Object.keys(patch).length === 0) {
      await this.router.navigateByUrl('/queries');
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      this.details.set(await client.updateDetails(patch));
      await this.router.navigateByUrl('/queries');
    } catch (error) {
      this.error.set(errorText(error, 'Your details could not be saved. Please try again.'));
    } finally {
      this.saving.set(false);
    }
  }
}
