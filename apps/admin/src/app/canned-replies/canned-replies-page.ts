import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import type { CannedReply, CannedReplyRequest } from '@parley/protocol';
import { CannedRepliesStore } from './canned-replies-store';
import { describeError } from '../realtime/describe-error';
import { UiAction } from '../realtime/ui-action';

/**
 * Admins: the team's canned replies, which agents insert by typing `/shortcut`. A row swaps
 * between view and edit in place; keyboard focus follows (into the form, back to Edit).
 */
@Component({
  selector: 'pa-canned-replies-page',
  templateUrl: './canned-replies-page.html',
  styleUrl: '../shell/management-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CannedRepliesPage {
  protected readonly store = inject(CannedRepliesStore);
  private readonly action = new UiAction();
  protected readonly error = this.action.error;
  protected readonly busy = this.action.busy;
  /** Id of the reply being edited in place, if any. */
  protected readonly editing = signal<string | null>(null);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  constructor() {
    void this.store.load(true).catch((error: unknown) => this.error.set(describeError(error)));
  }

  protected create(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    return this.action.run(async () => {
      await this.store.create(readForm(form));
      form.reset();
    });
  }

  protected startEditing(reply: CannedReply): void {
    this.editing.set(reply.id);
    this.focusAfterRender(`form[data-edit="${reply.id}"] input[name="shortcut"]`);
  }

  protected stopEditing(reply: CannedReply): void {
    this.editing.set(null);
    this.focusAfterRender(`button[data-edit-button="${reply.id}"]`);
  }

  protected save(reply: CannedReply, event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    return this.action.run(async () => {
      await this.store.update(reply.id, readForm(form));
      this.stopEditing(reply);
    });
  }

  protected remove(reply: CannedReply): Promise<void> {
    if (!globalThis.confirm?.(`Delete the canned reply /${reply.shortcut}?`)) return Promise.resolve();
    return this.action.run(() => this.store.remove(reply.id));
  }

  /** The swapped-in element exists only after the next render. */
  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }

}

function readForm(form: HTMLFormElement): CannedReplyRequest {
  const data = new FormData(form);
  return {
    shortcut: String(data.get('shortcut') ?? '').trim().toLowerCase(),
    title: String(data.get('title') ?? '').trim(),
    body: String(data.get('body') ?? '').trim(),
  };
}
