import { newClientId } from '@parley/client';

/** localStorage key of the unsent new-query form, so a failed or interrupted start loses nothing. */
export const DRAFT_KEY = 'parley.customer.new-query-draft';

/**
 * The new-query form's unsent state. `clientId` names this draft for the
 * server's idempotency: it is made once when the draft starts, kept across
 * failed attempts and reloads, and sent with every attempt, so a retry after a
 * lost response returns the query the first attempt opened instead of opening
 * a second one. It changes only when the draft is cleared after a success.
 */
export interface NewQueryDraft {
  readonly subject: string;
  readonly body: string;
  readonly clientId: string;
}

/** The saved draft, or a fresh empty one with a new clientId (also when the saved one is unreadable). */
export function readDraft(storage: Storage = localStorage): NewQueryDraft {
  try {
    const value = JSON.parse(storage.getItem(DRAFT_KEY) ?? '{}') as Partial<Record<keyof NewQueryDraft, unknown>>;
    return {
      subject: typeof value.subject === 'string' ? value.subject : '',
      body: typeof value.body === 'string' ? value.body : '',
      clientId: typeof value.clientId === 'string' && value.clientId ? value.clientId : newClientId(),
    };
  } catch {
    return { subject: '', body: '', clientId: newClientId() };
  }
}

export function saveDraft(draft: NewQueryDraft, storage: Storage = localStorage): void {
  storage.setItem(DRAFT_KEY, JSON.stringify(draft));
}

/** After the query was opened: the next draft gets a new clientId. */
export function clearDraft(storage: Storage = localStorage): void {
  storage.removeItem(DRAFT_KEY);
}
