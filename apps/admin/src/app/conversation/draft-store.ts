import { Injectable } from '@angular/core';

const PREFIX = 'parley-admin:draft:';

/**
 * What the agent has typed but not sent, per query, in localStorage: a reload, a crash or
 * switching queries loses nothing. Sent messages themselves survive in the SDK's outbox.
 */
@Injectable({ providedIn: 'root' })
export class DraftStore {
  get(queryId: string): string {
    try {
      return localStorage.getItem(PREFIX + queryId) ?? '';
    } catch {
      return '';
    }
  }

  set(queryId: string, text: string): void {
    try {
      if (text) localStorage.setItem(PREFIX + queryId, text);
      else localStorage.removeItem(PREFIX + queryId);
    } catch {
      // Without storage a draft lives only as long as the page.
    }
  }
}
