import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { IonButton, IonIcon, IonProgressBar, IonText, IonTextarea } from '@ionic/angular';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, formatSize, PendingUploads, uploadTarget } from '@parley/angular';
import { Limits } from '@parley/protocol';
import { NGSW_BYPASS_HEADER } from '../connection/api-fetch';
import { errorText } from '../connection/error-text';
import { CharacterCount } from '../forms/character-count';
import { ParleySession } from '../session/parley-session';

/** What the composer hands to the conversation when the customer sends. */
export interface OutgoingMessage {
  body: string;
  attachmentIds: string[];
}

const DRAFT_PREFIX = 'parley.customer.draft.';

/**
 * On touch screens Enter is the keyboard's new-line key, and the Send button
 * is right there; with a mouse or trackpad (a real keyboard) Enter sends.
 */
export function enterSends(matchMedia: ((query: string) => { matches: boolean }) | undefined = globalThis.matchMedia?.bind(globalThis)): boolean {
  return !matchMedia?.('(pointer: coarse)').matches;
}

/**
 * Writes a message: Enter sends (Shift+Enter starts a new line) with a real
 * keyboard, the Send button on a phone; files are
 * uploaded as soon as they are picked, with progress; the draft survives a reload.
 */
@Component({
  selector: 'app-composer',
  imports: [IonButton, IonIcon, IonProgressBar, IonText, IonTextarea, CharacterCount],
  templateUrl: './composer.html',
  styleUrl: './composer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  private readonly session = inject(ParleySession);
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');
  private readonly messageInput = viewChild.required(IonTextarea);

  readonly queryId = input.required<string>();
  /** False while the browser is offline: uploads need a connection, messages do not. */
  readonly online = input(true);
  readonly send = output<OutgoingMessage>();
  readonly typing = output<boolean>();

  protected readonly accept = ATTACHMENT_ACCEPT;
  protected readonly maxSize = formatSize(ATTACHMENT_MAX_BYTES);
  protected readonly maxLength = Limits.MESSAGE_BODY_MAX;
  protected readonly text = signal('');
  protected readonly problems = signal<string[]>([]);
  /** Whether Enter sends here (see {@link enterSends}); read once, the pointer does not change mid-chat. */
  protected readonly enterSends = enterSends();
  protected readonly uploads = new PendingUploads(() => {
    const client = this.session.client();
    // Through the service worker the browser reports no upload progress at all (w3c/ServiceWorker#1141).
    return client ? uploadTarget(client, this.queryId(), { headers: { [NGSW_BYPASS_HEADER]: 'true' } }) : null;
  }, (error) => errorText(error));
  protected readonly length = computed(() => this.text().trim().length);
  protected readonly tooLong = computed(() => this.length() > Limits.MESSAGE_BODY_MAX);
  /** The counter shows from 90 % of the limit on. */
  protected readonly nearLimit = computed(() => this.length() >= Limits.MESSAGE_BODY_MAX * 0.9);
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
    // Leaving mid-upload: stop the uploads and delete what was uploaded but never sent.
    inject(DestroyRef).onDestroy(() => this.uploads.discard());
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
    if (this.enterSends && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.sendMessage();
    }
  }

  /** Hides the upload problems and puts focus back where the customer writes (not on <body>). */
  protected dismissProblems(): void {
    this.problems.set([]);
    void this.messageInput().setFocus();
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
