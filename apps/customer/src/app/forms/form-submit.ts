import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { IonButton, IonSpinner, IonText } from '@ionic/angular';

/**
 * The end of a customer form: the error of the last attempt (announced), and
 * the submit button that shows a spinner while busy. The button stays a plain
 * `type="submit"` of the surrounding form, so Enter in a field submits too.
 */
@Component({
  selector: 'app-form-submit',
  imports: [IonButton, IonSpinner, IonText],
  template: `
    @if (error(); as message) {
      <ion-text color="danger"><p class="error" role="alert">{{ message }}</p></ion-text>
    }
    <ion-button type="submit" expand="block" [disabled]="disabled()" [attr.data-testid]="testId()">
      @if (busy()) {
        <ion-spinner name="dots" aria-hidden="true" />
        <span class="visually-hidden">{{ busyLabel() }}</span>
      } @else {
        {{ label() }}
      }
    </ion-button>
  `,
  styles: `
    :host {
      display: block;
    }
    .error {
      margin: 0 4px 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormSubmit {
  readonly label = input.required<string>();
  /** Read by screen readers while busy, in place of the label. */
  readonly busyLabel = input.required<string>();
  readonly busy = input(false);
  readonly disabled = input(false);
  readonly error = input<string | null>(null);
  readonly testId = input<string | null>(null);
}
