import { inject, Injectable, signal } from '@angular/core';
import type { CannedReply, CannedReplyRequest, UpdateCannedReplyRequest } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';

/**
 * The team's canned replies, loaded once per session for the composer's `/` search and
 * managed by admins, through the SDK's typed canned-reply calls.
 */
@Injectable({ providedIn: 'root' })
export class CannedRepliesStore {
  private readonly realtime = inject(RealtimeService);
  private readonly list = signal<readonly CannedReply[]>([]);
  private loaded = false;
  readonly replies = this.list.asReadonly();

  /** Loads the list unless it already is; `force` reloads. Failures keep the previous list. */
  async load(force = false): Promise<void> {
    if (this.loaded && !force) return;
    const cannedReplies = await this.realtime.api.listCannedReplies();
    this.loaded = true;
    this.list.set(sortByShortcut(cannedReplies));
  }

  async create(input: CannedReplyRequest): Promise<CannedReply> {
    const cannedReply = await this.realtime.api.createCannedReply(input);
    this.list.update((list) => sortByShortcut([...list, cannedReply]));
    return cannedReply;
  }

  async update(id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> {
    const cannedReply = await this.realtime.api.updateCannedReply(id, patch);
    this.list.update((list) => sortByShortcut(list.map((r) => (r.id === id ? cannedReply : r))));
    return cannedReply;
  }

  async remove(id: string): Promise<void> {
    await this.realtime.api.deleteCannedReply(id);
    this.list.update((list) => list.filter((r) => r.id !== id));
  }
}

function sortByShortcut(list: readonly CannedReply[]): CannedReply[] {
  return [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}
