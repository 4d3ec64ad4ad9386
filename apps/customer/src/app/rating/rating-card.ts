import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, input, output, signal } from '@angular/core';
import { IonButton, IonIcon, IonSpinner, IonText, IonTextarea } from '@ionic/angular';
import type { Query } from '@parley/protocol';
import { errorText } from '../connection/error-text';
import { ParleySession } from '../session/parley-session';

const SCORES = [1, 2, 3, 4, 5] as const;
const SCORE_WORDS: Readonly<Record<number, string>> = {
  1: 'Very poor',
  2: 'Poor',
  3: 'OK',
  4: 'Good',
  5: 'Excellent',
};

/** Asks the customer to rate a resolved query (1–5 and an optional comment), or shows the rating given. */
@Component({
  selector: 'app-rating-card',
  imports: [IonButton, IonIcon, IonSpinner, IonText, IonTextarea],
  templateUrl: './rating-card.html',
  styleUrl: './rating-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RatingCard {
  private readonly session = inject(ParleySession);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly query = input.required<Query>();
  /** The query as the server stored it with the rating. */
  readonly rated = output<Query>();

  protected readonly scores = SCORES;
  protected readonly words = SCORE_WORDS;
  protected readonly score = signal<number>(0);
  protected readonly comment = signal('');
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);

  /** Arrow keys move the choice, Home and End go to the ends, as in any radio group. */
  protected moveScore(event: KeyboardEvent): void {
    const current = this.score() || 3;
    const targets: Readonly<Record<string, number>> = {
      ArrowRight: current + 1,
      ArrowUp: current + 1,
      ArrowLeft: current - 1,
      ArrowDown: current - 1,
      Home: 1,
      End: 5,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(5, Math.max(1, target));
    this.score.set(next);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-score="${next}"]`)?.focus();
  }

  protected async submit(event?: Event): Promise<void> {
    event?.preventDefault();
    const client = this.session.client();
    if (!client || this.score() < 1 || this.sending()) return;
    this.sending.set(true);
    this.error.set(null);
    try {
      const comment = this.comment().trim();
      const rated = await client.rateQuery(this.query().id, { score: this.score(), ...(comment ? { comment } : {}) });
      this.rated.emit(rated);
      // The form is replaced by the thank-you: move focus there rather than lose it to <body>.
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#rating-title')?.focus(), { injector: this.injector });
    } catch (error) {
      this.error.set(errorText(error, 'Your rating could not be sent. Please try again.'));
    } finally {
      this.sending.set(false);
    }
  }
}
