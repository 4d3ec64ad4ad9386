import { Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { IonIcon, IonSpinner } from '@ionic/angular';
import type { Attachment } from '@parley/protocol';
import { ParleySession } from '../session/parley-session';
import { formatBytes, isImage } from './attachment-rules';

/**
 * An attachment inside a message: a thumbnail for pictures, a download button
 * for PDFs. Files are only served to the query's participants, so they are
 * fetched with the session's token and shown from a local blob URL.
 */
@Component({
  selector: 'app-attachment-view',
  imports: [IonIcon, IonSpinner],
  templateUrl: './attachment-view.html',
  styleUrl: './attachment-view.css',
})
export class AttachmentView {
  private readonly session = inject(ParleySession);

  readonly attachment = input.required<Attachment>();

  protected readonly image = computed(() => isImage(this.attachment().contentType));
  protected readonly size = computed(() => formatBytes(this.attachment().size));
  protected readonly objectUrl = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly downloading = signal(false);

  constructor() {
    effect(() => {
      if (this.image()) void this.loadThumbnail(this.attachment());
    });
    inject(DestroyRef).onDestroy(() => {
      const url = this.objectUrl();
      if (url) URL.revokeObjectURL(url);
    });
  }

  /** Saves the file under its original name. */
  protected async download(): Promise<void> {
    this.downloading.set(true);
    try {
      const blob = await this.fetchBlob(this.attachment());
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = this.attachment().name;
      link.rel = 'noopener';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.failed.set(false);
    } catch {
      this.failed.set(true);
    } finally {
      this.downloading.set(false);
    }
  }

  private async loadThumbnail(attachment: Attachment): Promise<void> {
    try {
      const blob = await this.fetchBlob(attachment);
      this.objectUrl.set(URL.createObjectURL(blob));
      this.failed.set(false);
    } catch {
      this.failed.set(true);
    }
  }

  private async fetchBlob(attachment: Attachment): Promise<Blob> {
    const token = this.session.client()?.token;
    const response = await fetch(new URL(attachment.url, location.origin), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.blob();
  }
}
