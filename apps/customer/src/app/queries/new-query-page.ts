import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  IonBackButton,
  IonButtons,
  IonCheckbox,
  IonContent,
  IonHeader,
  IonInput,
  IonItem,
  IonList,
  IonNote,
  IonSelect,
  IonSelectOption,
  IonTextarea,
  IonTitle,
  IonToolbar,
} from '@ionic/angular';
import { Limits, type TeamChoice } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../connection/error-text';
import { CharacterCount } from '../forms/character-count';
import { FormSubmit } from '../forms/form-submit';
import { ParleySession } from '../session/parley-session';
import { clearDraft, readDraft, saveDraft } from './new-query-draft';

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
    IonNote,
    IonCheckbox,
    IonSelect,
    IonSelectOption,
    ConnectionBanner,
    CharacterCount,
    FormSubmit,
  ],
  templateUrl: './new-query-page.html',
  styleUrl: './new-query-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewQueryPage {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);
  private readonly draft = readDraft();
  /** The teams to pick from (shown when there are two or more), the default one preselected. */
  protected readonly teams = signal<TeamChoice[]>([]);
  protected readonly teamId = signal<string | null>(null);
  /** The chosen team (or the default) is outside its business hours: say when to expect an answer. */
  protected readonly closedNotice = computed(() => {
    const team = this.teams().find((t) => t.id === this.teamId());
    if (!team || team.openNow) return null;
    const when = team.nextOpenAt
      ? `: an agent answers from ${new Date(team.nextOpenAt).toLocaleString(undefined, { weekday: 'long', hour: '2-digit', minute: '2-digit' })}`
      : '';
    return `${team.name} is away now${when}. You can still ask: your question waits for them.`;
  });

  protected readonly limits = Limits;
  protected readonly subject = signal(this.draft.subject);
  protected readonly body = signal(this.draft.body);
  /** Email me the whole conversation when it is resolved. */
  protected readonly emailTranscript = signal(false);
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly canSubmit = computed(
    () =>
      !this.submitting() &&
      this.subject().trim().length > 0 &&
      this.body().trim().length > 0 &&
      this.body().trim().length <= Limits.MESSAGE_BODY_MAX,
  );

  constructor() {
    const client = this.session.client();
    void client?.listTeams().then(
      (teams) => {
        this.teams.set(teams);
        this.teamId.set(teams.find((t) => t.isDefault)?.id ?? teams[0]?.id ?? null);
      },
      // Without the list the query goes to the default team: nothing to say to the customer.
      () => undefined,
    );
  }

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
    // Saved before sending, so a reload after a lost answer retries with the same clientId.
    this.saveDraft();
    try {
      // The draft's clientId: if an earlier attempt opened the query but its answer was lost, this returns that query.
      const query = await client.createQuery({
        subject: this.subject().trim(),
        body: this.body().trim(),
        clientId: this.draft.clientId,
        ...(this.emailTranscript() ? { emailTranscript: true } : {}),
        ...(this.teamId() ? { teamId: this.teamId()! } : {}),
      });
      clearDraft();
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
    saveDraft({ subject: this.subject(), body: this.body(), clientId: this.draft.clientId });
  }
}
