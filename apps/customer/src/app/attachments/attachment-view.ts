import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, signal, untracked } from '@angular/core';
import { IonIcon, IonSpinner } from '@ionic/angular';
import { formatSize, isPicture } from '@parley/angular';
import type { Attachment } from '@parley/protocol';
import { ParleySession } from '../session/parley-session';
import { downloadName } from '@parley/angular';

/** Start loading a thumbnail a little before it scrolls into view. */
const THUMBNAIL_ROOT_MARGIN = '200px';

/**
 * An attachment inside a message: a thumbnail for pictures, a download button
 * for PDFs. Files are only served to the query's participants, so they are
 * fetched with the session's token and shown from a local blob URL — only
 * once the message is near the screen, and revoked when no longer shown.
 */
@Component({
  selector: 'app-attachment-view',
  imports: [IonIcon, IonSpinner],
  templateUrl: './attachment-view.html',
  styleUrl: './attachment-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttachmentView {
  private readonly session = inject(ParleySession);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly attachment = input.required<Attachment>();

  protected readonly image = computed(() => isPicture(this.attachment().contentType));
  protected readonly size = computed(() => formatSize(this.attachment().size));
  protected readonly objectUrl = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly downloadFailed = signal(false);
  protected readonly downloading = signal(false);
  private readonly visible = signal(false);
  /** Bumped on every new load and on destroy: a late answer for an older one is dropped. */
  private generation = 0;
  private destroyed = false;

  constructor() {
    this.watchVisibility();
    effect(() => {
      const attachment = this.attachment();
      // Only the attachment and visibility trigger a load; what loading itself writes must not.
      if (this.image() && this.visible()) untracked(() => void this.loadThumbnail(attachment));
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.generation++;
      this.showUrl(null);
    });
  }

  /** Tries the thumbnail again after it failed to load. */
  protected retryThumbnail(): void {
    void this.loadThumbnail(this.attachment());
  }

  /** Saves the file, named for what it is. */
  protected async download(): Promise<void> {
    this.downloading.set(true);
    try {
      const blob = await this.fetchBlob(this.attachment());
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = downloadName(this.attachment());
      link.rel = 'noopener';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.downloadFailed.set(false);
    } catch {
      this.downloadFailed.set(true);
    } finally {
      this.downloading.set(false);
    }
  }

  private async loadThumbnail(attachment: Attachment): Promise<void> {
    const generation = ++this.generation;
    this.failed.set(false);
    this.showUrl(null);
    try {
      const blob = await this.fetchBlob(attachment);
      if (generation !== this.generation || this.destroyed) return;
      this.showUrl(URL.createObjectURL(blob));
    } catch {
      if (generation === this.generation && !this.destroyed) this.failed.set(true);
    }
  }

  /** Shows a new object URL (or none), revoking the one it replaces. */
  private showUrl(url: string | null): void {
    const previous = this.objectUrl();
    if (previous) URL.revokeObjectURL(previous);
    this.objectUrl.set(url);
  }

  private watchVisibility(): void {
    if (typeof IntersectionObserver === 'undefined') {
      this.visible.set(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.visible.set(true);
          observer.disconnect();
        }
      },
      { rootMargin: THUMBNAIL_ROOT_MARGIN },
    );
    observer.observe(this.host.nativeElement);
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }

  private fetchBlob(attachment: Attachment): Promise<Blob> {
    const client = this.session.client();
    if (!client) return Promise.reject(new Error('signed out'));
    // The SDK adds the token, renews it once if it expired, and bypasses the service worker.
    return client.fetchAttachment(attachment);
  }
}
