/**
 * Server events as the thin clients see them: a count per name for every
 * event, and the payload parsed only for the names someone listens to (see
 * `BenchConnection.on`), which keeps the load generator cheap under fan-out.
 */
export class EventTally {
  readonly #listeners = new Map<string, (payload: unknown) => void>();
  readonly #counts = new Map<string, number>();

  on(event: string, listener: (payload: unknown) => void): void {
    this.#listeners.set(event, listener);
  }

  count(event: string): number {
    return this.#counts.get(event) ?? 0;
  }

  /** Counts one `event`; when it has a listener, calls `payload()` to parse the frame and hands it over. */
  arrived(event: string, payload: () => unknown): void {
    this.#counts.set(event, (this.#counts.get(event) ?? 0) + 1);
    const listener = this.#listeners.get(event);
    if (listener) listener(payload());
  }
}
