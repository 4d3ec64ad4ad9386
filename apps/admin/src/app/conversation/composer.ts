import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
} from '@angular/core';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, formatSize, PendingUploads, uploadTarget } from '@parley/angular';
import { Limits, type CannedReply } from '@parley/protocol';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { searchCannedReplies } from '../canned-replies/search';
import { DraftStore } from './draft-store';

/** A `/word` ending right at the caret, at the start or after white space (so URLs do not count). */
const SLASH_AT_CARET = /(^|\s)\/(\S*)$/;

/** What the composer hands to the conversation when the agent sends. */
export interface ComposerMessage {
  body: string;
  internal: boolean;
  /** Files uploaded beforehand (pictures, PDFs), in the order picked. */
  attachmentIds: string[];
}

/**
 * The reply box. Enter sends, Shift+Enter adds a line; `/word` at the caret, anywhere in the
 * text, searches canned replies (arrows pick, Enter or Tab inserts in place of the `/word`,
 * Escape closes); the "Internal note" switch sends to the agents-only stream. The draft is
 * saved per query on every keystroke. Pictures and PDFs are attached with the paper-clip: each uploads as soon
 * as it is picked (progress, retry, removal; the same code and limits as the customer app), and the message
 * carries them once they are all uploaded.
 *
 * The textarea keeps its textbox role (a combobox must not be a textarea) with
 * aria-autocomplete, aria-controls and aria-activedescendant pointing into the listbox; a
 * polite live region says how many suggestions there are.
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
  /** The query is resolved: a reply (not a note) reopens it as pending, which the composer says before sending. */
  readonly resolved = input(false);
  /** A reply would take the query (it is unassigned and the workspace's replyAssigns is on), which the composer says. */
  readonly takesOnReply = input(false);
  readonly send = output<ComposerMessage>();
  /** True on each keystroke that leaves text, false when the box is emptied or sent. */
  readonly typing = output<boolean>();

  private readonly drafts = inject(DraftStore);
  private readonly realtime = inject(RealtimeService);
  protected readonly uploads = new PendingUploads(
    () => (this.realtime.started() ? uploadTarget(this.realtime.api, this.queryId()) : null),
    (error) => describeError(error),
  );
  /** Why picked files were refused before uploading (too big, wrong type, too many). */
  protected readonly problems = signal<string[]>([]);
  protected readonly accept = ATTACHMENT_ACCEPT;
  protected readonly maxSize = formatSize(ATTACHMENT_MAX_BYTES);
  /** Re-read from the draft store whenever another query is opened. */
  protected readonly text = linkedSignal(() => this.drafts.get(this.queryId()));
  protected readonly internal = linkedSignal<string, boolean>({ source: this.queryId, computation: () => false });
  protected readonly activeIndex = signal(0);
  /** Caret position in the textarea, kept on input, click and caret keys. */
  private readonly caret = signal(0);
  /** Text for which the agent closed the suggestions with Escape. */
  private readonly dismissedFor = signal<string | null>(null);

  /** The `/word` being typed at the caret: where it starts and what follows the slash. */
  private readonly command = computed(() => {
    const text = this.text();
    const caret = Math.min(this.caret(), text.length);
    const match = SLASH_AT_CARET.exec(text.slice(0, caret));
    if (!match) return null;
    return { start: caret - match[2]!.length - 1, end: caret, term: match[2] ?? '' };
  });
  protected readonly suggestions = computed<CannedReply[]>(() => {
    const command = this.command();
    if (!command || this.dismissedFor() === this.text()) return [];
    return searchCannedReplies(this.cannedReplies(), command.term);
  });
  protected readonly suggestionStatus = computed(() => {
    const n = this.suggestions().length;
    return n === 0 ? '' : `${n} canned ${n === 1 ? 'reply' : 'replies'} available. Arrow keys to choose, Enter to insert.`;
  });
  protected readonly tooLong = computed(() => this.text().trim().length > Limits.MESSAGE_BODY_MAX);
  protected readonly canSend = computed(
    () => !this.tooLong() && !this.uploads.uploading() && (this.text().trim().length > 0 || this.uploads.ready().length > 0),
  );
  protected readonly maxLength = Limits.MESSAGE_BODY_MAX;

  constructor() {
    // Files picked for one query are not sent to another: switching queries (or leaving) drops them, and deletes
    // what was uploaded but never sent.
    effect(() => {
      this.queryId();
      untracked(() => {
        this.uploads.discard();
        this.problems.set([]);
      });
    });
    inject(DestroyRef).onDestroy(() => this.uploads.discard());
  }

  protected addFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    // Reset so that picking the same file again after removing it fires `change`.
    input.value = '';
    this.problems.set(this.uploads.add(files));
  }

  protected updateText(event: Event): void {
    const textarea = event.target as HTMLTextAreaElement;
    this.caret.set(textarea.selectionStart ?? textarea.value.length);
    this.setText(textarea.value);
    this.activeIndex.set(0);
    // A note is agents-only: the customer must not even see that someone is typing it.
    this.typing.emit(!this.internal() && this.text().trim().length > 0);
  }

  /** Where the caret is now (clicks and arrow keys move it without an input event). */
  protected trackCaret(event: Event): void {
    const textarea = event.target as HTMLTextAreaElement;
    this.caret.set(textarea.selectionStart ?? textarea.value.length);
  }

  /** Enter sends; while suggestions show, arrows pick, Enter/Tab insert, Escape closes them. */
  protected navigateOrSend(event: KeyboardEvent): void {
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
        if (chosen) this.insert(chosen, event.target as HTMLTextAreaElement);
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

  /** Replaces the `/word` at the caret with the canned reply's text and puts the caret after it. */
  protected insert(reply: CannedReply, textarea?: HTMLTextAreaElement): void {
    const command = this.command();
    const text = this.text();
    const start = command?.start ?? text.length;
    const end = command?.end ?? text.length;
    const next = text.slice(0, start) + reply.body + text.slice(end);
    const caret = start + reply.body.length;
    this.setText(next);
    this.caret.set(caret);
    this.activeIndex.set(0);
    if (textarea) {
      // The [value] binding writes the new text on the next render; place the caret after it.
      textarea.value = next;
      textarea.setSelectionRange(caret, caret);
    }
  }

  protected submit(event?: Event): void {
    event?.preventDefault();
    if (!this.canSend()) return;
    const attachments = this.uploads.ready();
    // A message needs words: files alone are sent under their names.
    const body = this.text().trim() || attachments.map((a) => `📎 ${a.name}`).join('\n');
    this.send.emit({ body, internal: this.internal(), attachmentIds: attachments.map((a) => a.id) });
    // Handed to the message: the files stay on the server.
    this.uploads.clear();
    this.problems.set([]);
    this.setText('');
    this.typing.emit(false);
    // A note is the exception: the next message goes to the customer again, unless the agent ticks the box anew
    // (issue 11: note mode used to stay on, and the agent's next reply became a note nobody saw).
    this.internal.set(false);
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
