import { signal } from '@angular/core';
import { describeError } from './describe-error';

/**
 * What a page shows around a call to the server: `busy` while it runs (buttons disable themselves), and its
 * failure in words in `error` (cleared when the next call starts). One per page or component; the pages that
 * manage things (canned replies, integrations, profile) and the query actions share it.
 */
export class UiAction {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  /** `describe` turns a failure into the sentence shown; by default {@link describeError}. */
  constructor(private readonly describe: (error: unknown) => string = (error) => describeError(error)) {}

  /** Runs `action`; never rejects: a failure ends up in `error`. */
  async run(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(this.describe(error));
    } finally {
      this.busy.set(false);
    }
  }
}
