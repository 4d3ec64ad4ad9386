import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { IonButton, IonIcon } from '@ionic/angular';
import { linkify } from '@parley/angular';
import type { ChatMessage } from '@parley/client';
import { AttachmentView } from '../attachments/attachment-view';
import { errorText } from '../connection/error-text';
import { shortTime } from '../queries/query-summary';
import { deliveryLabel } from './delivery';

/** One message: text (never HTML), attachments, time, and for the customer's own, its delivery tick. */
@Component({
  selector: 'app-message-bubble',
  imports: [IonButton, IonIcon, AttachmentView],
  templateUrl: './message-bubble.html',
  styleUrl: './message-bubble.css',
  host: {
    '[class.mine]': 'message().mine',
    '[attr.data-testid]': '"message"',
    '[attr.data-seq]': 'message().seq',
    '[attr.data-delivery]': 'message().mine ? message().delivery : null',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageBubble {
  readonly message = input.required<ChatMessage>();
  /** Show the author's name (first of a run by the same author). */
  readonly showAuthor = input(false);
  readonly online = input(true);
  readonly retry = output<string>();
  readonly discard = output<string>();

  protected readonly segments = computed(() => linkify(this.message().body));
  protected readonly time = computed(() => shortTime(this.message().createdAt));
  /** When a message written offline was written (its own time shows when it arrived). */
  protected readonly writtenTime = computed(() => {
    const at = this.message().writtenAt;
    return at ? shortTime(at) : '';
  });
  protected readonly delivery = computed(() => deliveryLabel(this.message(), this.online()));
  protected readonly failure = computed(() => {
    const error = this.message().error;
    return error ? errorText({ body: error }) : null;
  });
}
