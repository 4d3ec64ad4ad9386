/**
 * The one timer per socket that closes it when its token expires. `auth:renew`
 * moves it to the new token's expiry; a disconnect cancels it.
 */

/** Longest delay setTimeout accepts (about 24.8 days); our tokens live at most 24 h. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class TokenExpiry {
  #timer: NodeJS.Timeout | undefined;
  #exp = 0;

  constructor(private readonly onExpire: () => void) {}

  /** Expiry currently scheduled, epoch seconds (0 before the first schedule). */
  get exp(): number {
    return this.#exp;
  }

  /** (Re)schedules the close for `exp` (epoch seconds), replacing any earlier schedule. */
  schedule(exp: number): void {
    this.cancel();
    this.#exp = exp;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, exp * 1000 - Date.now()));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onExpire();
    }, delay);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
