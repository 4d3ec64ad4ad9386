import { computed, signal } from '@angular/core';
import { formatSize } from '../format-size.js';
import type { Attachment } from '@parley/protocol';
import { ATTACHMENTS_PER_MESSAGE, attachmentProblem, ATTACHMENT_MAX_BYTES } from './attachment-rules.js';
import { UploadError, type UploadHandle, type UploadOptions, uploadAttachment } from './upload-attachment.js';

/** One file picked in the composer, on its way to becoming an attachment. */
export interface PendingUpload {
  id: string;
  file: File;
  /** 0–1 while uploading. */
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  attachment?: Attachment;
  /** Why it failed and what to do, for the customer. */
  error?: string;
  /** Whether trying the same file again can work (a dropped connection, not a refusal). */
  retryable?: boolean;
}

/** Where and as whom to upload, and how to renew and tidy up; null while the app has no session. */
export type UploadTarget = () => {
  url: string;
  token: string;
  /** More request headers for the upload. */
  headers?: Readonly<Record<string, string>>;
  /** A fresh token after the server refused this one as expired; null when it cannot be renewed. */
  renewToken?: () => Promise<string | null>;
  /** Deletes an uploaded file that will not be sent (the server would otherwise keep it until its sweep). */
  deleteAttachment?: (attachment: Attachment) => Promise<void>;
} | null;

/**
 * The files a composer is about to send: each is uploaded as soon as it is
 * picked (so sending the message is instant), with progress, retry and removal.
 */
export class PendingUploads {
  private readonly list = signal<readonly PendingUpload[]>([]);
  private readonly handles = new Map<string, UploadHandle>();

  readonly items = this.list.asReadonly();
  readonly uploading = computed(() => this.list().some((item) => item.state === 'uploading'));
  /** Uploaded attachments, in the order picked. */
  readonly ready = computed(() => this.list().flatMap((item) => (item.attachment ? [item.attachment] : [])));

  /**
   * `describeError`: the app's sentence for a failure that is not a refusal of the file (a network error, a
   * server error); `upload`: for tests.
   */
  constructor(
    private readonly target: UploadTarget,
    private readonly describeError: (error: unknown) => string = defaultErrorText,
    private readonly upload: (options: UploadOptions) => UploadHandle = uploadAttachment,
  ) {}

  /** Starts uploading the files that may be attached; returns a problem sentence per refused file. */
  add(files: Iterable<File>): string[] {
    const problems: string[] = [];
    for (const file of files) {
      if (this.list().length >= ATTACHMENTS_PER_MESSAGE) {
        problems.push(`At most ${ATTACHMENTS_PER_MESSAGE} files fit on one message. Send these first, then add more.`);
        break;
      }
      const problem = attachmentProblem(file);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const item: PendingUpload = { id: crypto.randomUUID(), file, progress: 0, state: 'uploading' };
      this.list.update((list) => [...list, item]);
      this.start(item.id);
    }
    return problems;
  }

  retry(id: string): void {
    this.patch(id, { state: 'uploading', progress: 0, error: undefined });
    this.start(id);
  }

  /** Takes a file off the message: stops its upload, or deletes it from the server once uploaded. */
  remove(id: string): void {
    const item = this.list().find((candidate) => candidate.id === id);
    this.handles.get(id)?.abort();
    this.handles.delete(id);
    this.list.update((list) => list.filter((candidate) => candidate.id !== id));
    if (item?.attachment) this.deleteFromServer([item.attachment]);
  }

  /** Forgets everything (after the message carrying them was handed to the outbox). */
  clear(): void {
    for (const handle of this.handles.values()) handle.abort();
    this.handles.clear();
    this.list.set([]);
  }

  /** The composer is going away without sending: stop uploads and delete the files already uploaded. */
  discard(): void {
    const uploaded = this.ready();
    this.clear();
    this.deleteFromServer(uploaded);
  }

  private deleteFromServer(attachments: readonly Attachment[]): void {
    const remove = this.target()?.deleteAttachment;
    if (!remove) return;
    // Best effort: a file that could not be deleted now is swept by the server a day later.
    for (const attachment of attachments) remove(attachment).catch(() => undefined);
  }

  private start(id: string, token?: string): void {
    const item = this.list().find((candidate) => candidate.id === id);
    const target = this.target();
    if (!item) return;
    if (!target) {
      this.patch(id, { state: 'failed', error: 'You are signed out. Start again, then attach the file.' });
      return;
    }
    const renewed = token !== undefined;
    const handle = this.upload({
      url: target.url,
      token: token ?? target.token,
      file: item.file,
      ...(target.headers ? { headers: target.headers } : {}),
      onProgress: (progress) => this.patch(id, { progress }),
    });
    this.handles.set(id, handle);
    handle.done.then(
      (attachment) => {
        this.handles.delete(id);
        this.patch(id, { state: 'done', progress: 1, attachment });
      },
      async (error: unknown) => {
        // A removed item was aborted on purpose: nothing to report.
        if (this.handles.get(id) !== handle) return;
        // The token expired (a tab asleep for a while): renew it through the SDK and try once more.
        if (!renewed && error instanceof UploadError && error.status === 401 && target.renewToken) {
          const fresh = await target.renewToken().catch(() => null);
          if (fresh && this.handles.get(id) === handle) {
            this.handles.delete(id);
            this.start(id, fresh);
            return;
          }
        }
        if (this.handles.get(id) !== handle) return;
        this.handles.delete(id);
        const retryable = !(error instanceof UploadError) || error.code === 'unavailable' || error.code === 'rate_limited';
        this.patch(id, { state: 'failed', error: uploadErrorText(error, item.file, this.describeError), retryable });
      },
    );
  }

  private patch(id: string, changes: Partial<PendingUpload>): void {
    this.list.update((list) => list.map((item) => (item.id === id ? { ...item, ...changes } : item)));
  }
}

/** A failure in words when the app gives no sentence of its own. */
function defaultErrorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Something went wrong. Please try again.';
}

/** What a refused or broken upload means for whoever attached the file, and what to do. */
export function uploadErrorText(error: unknown, file: File, errorText: (error: unknown) => string = defaultErrorText): string {
  if (!(error instanceof UploadError)) return errorText(error);
  switch (error.code) {
    case 'payload_too_large':
      return `“${file.name}” is too big (the limit is ${formatSize(ATTACHMENT_MAX_BYTES)}). Send a smaller file or compress it.`;
    case 'invalid_payload':
      return `“${file.name}” was refused: ${error.message}. Choose a picture or a PDF instead.`;
    case 'unavailable':
      return navigator.onLine
        ? `“${file.name}” did not finish uploading because the server could not be reached. Try again in a moment.`
        : `“${file.name}” did not finish uploading because you are offline. Retry once you are back online.`;
    case 'rate_limited':
      return `Too many uploads at once. Wait a few seconds, then retry “${file.name}”.`;
    default:
      return `“${file.name}” could not be uploaded: ${errorText(error)}`;
  }
}
