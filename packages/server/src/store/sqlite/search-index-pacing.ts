/**
 * How many messages the next background step of the search index takes (sqlite-search-index.ts). A step is a
 * write transaction, so every append that arrives during it waits for it: at 1,000 messages a second the
 * second's backlog in one step held the writer 3–15 ms once a second, where appends commit in about 0.4 ms
 * (docs/performance.md, "Scenario 2's tail, taken apart"). Under heavy load an append's commit itself takes
 * several milliseconds, and small steps would only cost more (each is a transaction and an FTS5 segment). So a
 * step is sized to last about as long as an append's commit, and no less than a floor.
 */
export class SearchIndexPacing {
  /** The shortest budget a step gets, however quick the appends: below it a step's fixed cost dominates. */
  static readonly FLOOR_MS = 2;
  /** The fewest messages a step takes, however slow the last one was. */
  static readonly MIN_STEP = 50;

  #appendMs = 0;
  #size: number;

  /** @param maxStep the most messages one step takes (a step's own cap when appends are slow). */
  constructor(private readonly maxStep: number) {
    this.#size = Math.min(maxStep, 250);
  }

  /** The number of messages the next step should take. */
  get size(): number {
    return this.#size;
  }

  /** How long a step may hold the writer now: as long as an append's commit lasts lately, at least the floor. */
  get budgetMs(): number {
    return Math.max(SearchIndexPacing.FLOOR_MS, this.#appendMs);
  }

  /** An append's transaction took `ms`: an exponentially weighted average, so one slow commit moves it a little. */
  appended(ms: number): void {
    this.#appendMs = this.#appendMs === 0 ? ms : this.#appendMs * 0.8 + ms * 0.2;
  }

  /** A step indexed `indexed` messages in `ms`: size the next so that it lasts about the budget. */
  stepped(indexed: number, ms: number): void {
    if (indexed === 0) return;
    const perMessage = Math.max(ms, 0.01) / indexed;
    this.#size = Math.max(SearchIndexPacing.MIN_STEP, Math.min(this.maxStep, Math.round(this.budgetMs / perMessage)));
  }
}
