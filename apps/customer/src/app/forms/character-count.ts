import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * The "1234 / 4000 characters" line under a text field. The field itself has no
 * maxlength (it would cut a longer paste silently): past the limit this line
 * says "Too long:", turns red and is announced, and the form refuses to send.
 * Its margins are the page's, to line it up with the field above.
 */
@Component({
  selector: 'app-character-count',
  template: `
    <p class="count" [class.too-long]="tooLong()" [attr.role]="tooLong() ? 'alert' : null" [attr.data-testid]="testId()">
      {{ tooLong() ? 'Too long: ' : '' }}{{ length() }} / {{ max() }} characters
    </p>
  `,
  styles: `
    :host {
      display: block;
    }
    .count {
      margin: 0;
      font-size: 0.75rem;
      text-align: right;
      color: var(--ion-color-medium);
    }
    .count.too-long {
      color: var(--ion-color-danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CharacterCount {
  /** Characters written (as sent: trimmed). */
  readonly length = input.required<number>();
  readonly max = input.required<number>();
  readonly testId = input<string | null>(null);
  protected readonly tooLong = computed(() => this.length() > this.max());
}
