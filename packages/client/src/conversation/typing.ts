/** Typing indicators: throttled going out, expiring coming in. */
import type { UserRef } from '@parley/protocol';

/** An incoming "typing" with no follow-up is dropped after this long (the sender may have vanished). */
export const TYPING_EXPIRY_MS = 5_000;
/** While typing goes on, "typing: true" is repeated at most this often (keeps others' indicator alive). */
export const TYPING_THROTTLE_MS = 2_000;
/** No keystroke for this long means "stopped typing". */
export const TYPING_IDLE_MS = 3_000;

/** Who else is typing; each entry expires by itself. */
export class TypingTracker {
  readonly #timers = new Map<string, { user: UserRef; timer: ReturnType<typeof setTimeout> }>();
  readonly #onChange: (users: readonly UserRef[]) => void;

  constructor(onChange: (users: readonly UserRef[]) => void) {
    this.#onChange = onChange;
  }

  update(user: UserRef, typing: boolean): void {
    const existing = this.#timers.get(user.id);
    if (existing) clearTimeout(existing.timer);
    if (!typing) {
      if (existing) {
        this.#timers.delete(user.id);
        this.#emit();
      }
      return;
    }
    const timer = setTimeout(() => this.update(user, false), TYPING_EXPIRY_MS);
    this.#timers.set(user.id, { user, timer });
    if (!existing) this.#emit();
  }

  clear(): void {
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    const had = this.#timers.size > 0;
    this.#timers.clear();
    if (had) this.#emit();
  }

  #emit(): void {
    this.#onChange([...this.#timers.values()].map((t) => t.user));
  }
}

/** My own typing state, turned into few `typing` events. */
export class TypingSender {
  readonly #send: (typing: boolean) => void;
  #typing = false;
  #lastSentAt = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(send: (typing: boolean) => void) {
    this.#send = send;
  }

  set(typing: boolean, now = Date.now()): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (!typing) {
      if (this.#typing) {
        this.#typing = false;
        this.#send(false);
      }
      return;
    }
    if (!this.#typing || now - this.#lastSentAt >= TYPING_THROTTLE_MS) {
      this.#typing = true;
      this.#lastSentAt = now;
      this.#send(true);
    }
    this.#idleTimer = setTimeout(() => this.set(false), TYPING_IDLE_MS);
  }

  dispose(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    this.#typing = false;
  }
}
