import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type { CannedReply } from '@parley/protocol';
import { searchCannedReplies } from '../canned-replies/search';
import { DraftStore } from './draft-store';

/** Same limit the server enforces (protocol `Limits.MESSAGE_BODY_MAX`), checked before sending. */
export const MAX_BODY_LENGTH = 4000;
/** A `/` command: the whole text is a slash and one word. */
const SLASH_COMMAND = /^\/(\S*)$/;

/** What the composer hands to the conversation when the agent sends. */
export interface ComposerMessage {
  body: string;
  internal: boolean;
}

/**
 * The reply box. Enter sends, Shift+Enter adds a line; `/word` searches canned replies
 * (arrows pick, Enter or Tab inserts, Escape closes); the "Internal note" switch sends to the
 * agents-only stream. The draft is saved per query on every keystroke.
 */
@Component({
  selector: 'pa-composer',
  templateUrl: './composer.html',
  styleUrl: './composer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly queryId = input.required<string>();
  readonly cannedReplies = input<readonly CannedReply[]>([]);
  readonly send = output<ComposerMessage>();
  /** True on each keystroke that leaves text, false when the box is emptied or sent. */
  readonly typing = output<boolean>();

  private readonly drafts = inject(DraftStore);
  /** Re-read from the draft store whenever another query is opened. */
  protected readonly text = linkedSignal(() => this.drafts.get(this.queryId()));
  protected readonly internal = linkedSignal<string, boolean>({ source: this.queryId, computation: () => false });
  protected readonly activeIndex = signal(0);
  /** Text for which the agent closed the suggestions with Escape. */
  private readonly dismissedFor = signal<string | null>(null);

  protected readonly suggestions = computed<CannedReply[]>(() => {
    const text = this.text();
    const command = SLASH_COMMAND.exec(text);
    if (!command || this.dismissedFor() === text) return [];
    return searchCannedReplies(this.cannedReplies(), command[1] ?? '');
  });
  protected readonly tooLong = computed(() => this.text().trim().length > MAX_BODY_LENGTH);
  protected readonly canSend = computed(() => this.text().trim().length > 0 && !this.tooLong());
  protected readonly maxLength = MAX_BODY_LENGTH;

  protected updateText(event: Event): void {
    this.setText((event.target as HTMLTextAreaElement).value);
    this.activeIndex.set(0);
    // A note is agents-only: the customer must not even see that someone is typing it.
    this.typing.emit(!this.internal() && this.text().trim().length > 0);
  }

  protected handleKeydown(event: KeyboardEvent): void {
    // Keys typed while an input method composes a character belong to the IME.
    if (event.isComposing) return;
    const suggestions = this.suggestions();
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.activeIndex.update((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = suggestions[this.activeIndex()] ?? suggestions[0];
        if (chosen) this.insert(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.dismissedFor.set(this.text());
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.submit();
    }
  }

  /** Replaces the `/command` with the canned reply's text, ready to edit or send. */
  protected insert(reply: CannedReply): void {
    this.setText(reply.body);
    this.activeIndex.set(0);
  }

  protected submit(event?: Event): void {
    event?.preventDefault();
    if (!this.canSend()) return;
    this.send.emit({ body: this.text().trim(), internal: this.internal() });
    this.setText('');
    this.typing.emit(false);
  }

  protected toggleInternal(event: Event): void {
    const internal = (event.target as HTMLInputElement).checked;
    this.internal.set(internal);
    if (internal) this.typing.emit(false);
  }

  private setText(text: string): void {
    this.text.set(text);
    this.drafts.set(this.queryId(), text);
  }
}
