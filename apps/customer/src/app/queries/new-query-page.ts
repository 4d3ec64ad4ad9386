import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  IonBackButton,
  IonButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonInput,
  IonItem,
  IonList,
  IonNote,
  IonSpinner,
  IonText,
  IonTextarea,
  IonTitle,
  IonToolbar,
} from '@ionic/angular';
import { Limits } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../shared/error-text';
import { ParleySession } from '../session/parley-session';

/** localStorage key of the unsent new-query form, so a failed or interrupted start loses nothing. */
const DRAFT_KEY = 'parley.customer.new-query-draft';

/** Opens a new query: a subject and the first message. */
@Component({
  selector: 'app-new-query-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonContent,
    IonList,
    IonItem,
    IonInput,
    IonTextarea,
    IonButton,
    IonNote,
    IonText,
    IonSpinner,
    ConnectionBanner,
  ],
  templateUrl: './new-query-page.html',
  styleUrl: './new-query-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewQueryPage {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);
  private readonly draft = readDraft();

  protected readonly limits = Limits;
  protected readonly subject = signal(this.draft.subject);
  protected readonly body = signal(this.draft.body);
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly canSubmit = computed(
    () =>
      !this.submitting() &&
      this.subject().trim().length > 0 &&
      this.body().trim().length > 0 &&
      this.body().trim().length <= Limits.MESSAGE_BODY_MAX,
  );

  protected updateSubject(value: string | null | undefined): void {
    this.subject.set(value ?? '');
    this.saveDraft();
  }

  protected updateBody(value: string | null | undefined): void {
    this.body.set(value ?? '');
    this.saveDraft();
  }

  protected async submit(event?: Event): Promise<void> {
    event?.preventDefault();
    const client = this.session.client();
    if (!client || !this.canSubmit()) return;
    this.submitting.set(true);
    this.error.set(null);
    try {
      const query = await client.createQuery({ subject: this.subject().trim(), body: this.body().trim() });
      localStorage.removeItem(DRAFT_KEY);
      await this.router.navigate(['/queries', query.id], { replaceUrl: true });
    } catch (error) {
      this.error.set(
        navigator.onLine
          ? errorText(error, 'Your question could not be sent. Please try again.')
          : 'You are offline, so your question could not be sent yet. It is kept here: send it again once you are back online.',
      );
    } finally {
      this.submitting.set(false);
    }
  }

  private saveDraft(): void {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ subject: this.subject(), body: this.body() }));
  }
}

function readDraft(): { subject: string; body: string } {
  try {
    const value = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}') as { subject?: unknown; body?: unknown };
    return {
      subject: typeof value.subject === 'string' ? value.subject : '',
      body: typeof value.body === 'string' ? value.body : '',
    };
  } catch {
    return { subject: '', body: '' };
  }
}
