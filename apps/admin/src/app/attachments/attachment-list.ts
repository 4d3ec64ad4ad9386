import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { formatSize, isPicture } from '@parley/angular';
import type { Attachment } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';

/**
 * A message's attachments: name, size, a thumbnail for pictures, a download button for all.
 * `GET /api/attachments/:id` needs the Bearer token, which an `<img src>` or a plain link
 * cannot send, so the bytes are fetched through the SDK and shown from object URLs, revoked
 * when this list goes. Downloads are fetched on demand (a PDF can be 10 MiB) and saved with
 * the `download` attribute rather than opened in the console's origin.
 */
@Component({
  selector: 'pa-attachment-list',
  template: `
    <ul class="attachments" aria-label="Attachments">
      @for (attachment of attachments(); track attachment.id) {
        <li class="attachment" [attr.data-attachment-id]="attachment.id">
          @if (isImage(attachment)) {
            @if (urls()[attachment.id]; as src) {
              <img class="thumb" [src]="src" [alt]="attachment.name" />
            } @else if (failed()[attachment.id]) {
              <span class="thumb missing">Preview unavailable</span>
            } @else {
              <span class="thumb loading">Loading preview…</span>
            }
          }
          <span class="file">
            <span class="name">{{ attachment.name }}</span>
            <span class="size">{{ size(attachment) }}</span>
            <button type="button" class="download" (click)="download(attachment)" [attr.aria-label]="'Download ' + attachment.name">
              Download
            </button>
          </span>
          @if (failed()[attachment.id]; as why) {
            <span class="error" role="status">{{ why }}</span>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .attachments { list-style: none; margin: 0.4rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .attachment { display: flex; flex-direction: column; gap: 0.25rem; max-width: 14rem; }
    .thumb { max-width: 14rem; max-height: 10rem; border-radius: 6px; border: 1px solid var(--pa-border); object-fit: contain; background: #fff; }
    .thumb.loading, .thumb.missing { display: grid; place-items: center; height: 4rem; font-size: 0.8rem; color: var(--pa-muted); }
    .file { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; font-size: 0.85rem; }
    .name { font-weight: 600; overflow-wrap: anywhere; }
    .size { color: var(--pa-muted); }
    .download { font-size: 0.8rem; padding: 0.1rem 0.45rem; }
    .error { font-size: 0.8rem; color: var(--pa-danger); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttachmentList {
  readonly attachments = input.required<readonly Attachment[]>();

  private readonly realtime = inject(RealtimeService);
  /** Object URLs by attachment id; every one is revoked on destroy. */
  protected readonly urls = signal<Readonly<Record<string, string>>>({});
  protected readonly failed = signal<Readonly<Record<string, string>>>({});
  private readonly loading = new Map<string, Promise<string | null>>();
  private destroyed = false;

  constructor() {
    effect(() => {
      for (const attachment of this.attachments()) {
        if (this.isImage(attachment)) untracked(() => void this.load(attachment));
      }
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      for (const url of Object.values(this.urls())) URL.revokeObjectURL(url);
    });
  }

  protected isImage(attachment: Attachment): boolean {
    return isPicture(attachment.contentType);
  }

  protected size(attachment: Attachment): string {
    return formatSize(attachment.size);
  }

  protected async download(attachment: Attachment): Promise<void> {
    const url = await this.load(attachment);
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = attachment.name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  }

  /** The attachment's object URL, fetched once; null (and a visible reason) when it cannot be had. */
  private load(attachment: Attachment): Promise<string | null> {
    let pending = this.loading.get(attachment.id);
    if (!pending) {
      pending = this.realtime.api.fetchAttachment(attachment).then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          if (this.destroyed) {
            URL.revokeObjectURL(url);
            return null;
          }
          this.urls.update((urls) => ({ ...urls, [attachment.id]: url }));
          return url;
        },
        (error: unknown) => {
          this.loading.delete(attachment.id);
          const message = error instanceof Error ? error.message : 'download failed';
          if (!this.destroyed) this.failed.update((failed) => ({ ...failed, [attachment.id]: `Could not load ${attachment.name}: ${message}` }));
          return null;
        },
      );
      this.loading.set(attachment.id, pending);
    }
    return pending;
  }
}
