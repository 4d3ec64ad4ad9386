import { Component, computed, effect, ElementRef, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { IonButton, IonIcon, IonProgressBar, IonText, IonTextarea } from '@ionic/angular';
import { Limits, RestRoutes } from '@parley/protocol';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, formatBytes } from '../attachments/attachment-rules';
import { PendingUploads } from '../attachments/pending-uploads';
import { ParleySession } from '../session/parley-session';

/** What the composer hands to the conversation when the customer sends. */
export interface OutgoingMessage {
  body: string;
  attachmentIds: string[];
}

const DRAFT_PREFIX = 'parley.customer.draft.';

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line; files are
 * uploaded as soon as they are picked, with progress; the draft survives a reload.
 */
@Component({
  selector: 'app-composer',
  imports: [IonButton, IonIcon, IonProgressBar, IonText, IonTextarea],
  templateUrl: './composer.html',
  styleUrl: './composer.css',
})
export class Composer {
  private readonly session = inject(ParleySession);
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');

  readonly queryId = input.required<string>();
  /** False while the browser is offline: uploads need a connection, messages do not. */
  readonly online = input(true);
  readonly send = output<OutgoingMessage>();
  readonly typing = output<boolean>();

  protected readonly accept = ATTACHMENT_ACCEPT;
  protected readonly maxSize = formatBytes(ATTACHMENT_MAX_BYTES);
  protected readonly maxLength = Limits.MESSAGE_BODY_MAX;
  protected readonly text = signal('');
  protected readonly problems = signal<string[]>([]);
  protected readonly uploads = new PendingUploads(() => {
    const client = this.session.client();
    return client ? { url: location.origin + RestRoutes.attachments(this.queryId()), token: client.token } : null;
  });
  protected readonly tooLong = computed(() => this.text().trim().length > Limits.MESSAGE_BODY_MAX);
  protected readonly canSend = computed(
    () =>
      !this.tooLong() &&
      !this.uploads.uploading() &&
      (this.text().trim().length > 0 || this.uploads.ready().length > 0),
  );
  protected readonly sendHint = computed(() => {
    if (this.uploads.uploading()) return 'Waiting for the upload to finish';
    if (this.tooLong()) return `Messages are limited to ${Limits.MESSAGE_BODY_MAX} characters`;
    return 'Send message';
  });

  constructor() {
    // Each query keeps its own draft: reload it whenever the composer is pointed at another query.
    effect(() => {
      const id = this.queryId();
      untracked(() => this.text.set(localStorage.getItem(DRAFT_PREFIX + id) ?? ''));
    });
  }

  protected updateText(value: string | null | undefined): void {
    const text = value ?? '';
    this.text.set(text);
    if (text) localStorage.setItem(DRAFT_PREFIX + this.queryId(), text);
    else localStorage.removeItem(DRAFT_PREFIX + this.queryId());
    this.typing.emit(text.length > 0);
  }

  protected handleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.sendMessage();
    }
  }

  protected chooseFiles(): void {
    this.fileInput().nativeElement.click();
  }

  protected addFiles(event: Event): void {
    const inputElement = event.target as HTMLInputElement;
    const files = Array.from(inputElement.files ?? []);
    // Reset so that picking the same file again after removing it fires `change`.
    inputElement.value = '';
    this.problems.set(this.uploads.add(files));
  }

  protected sendMessage(): void {
    if (!this.canSend()) return;
    const attachments = this.uploads.ready();
    const body = this.text().trim() || attachments.map((a) => `📎 ${a.name}`).join('\n');
    this.send.emit({ body, attachmentIds: attachments.map((a) => a.id) });
    this.uploads.clear();
    this.problems.set([]);
    this.updateText('');
    this.typing.emit(false);
  }
}
