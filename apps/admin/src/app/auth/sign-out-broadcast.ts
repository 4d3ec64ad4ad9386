import { Injectable, type OnDestroy } from '@angular/core';

/** The channel every console tab of this origin shares. */
const CHANNEL = 'parley-admin:sign-out';

/** What a tab says when its agent signs out on purpose. */
interface SignedOut {
  agentId: string;
}

/**
 * Tells this browser's other console tabs that the agent signed out on purpose, and hears them say so.
 *
 * Every tab reads the session from the same localStorage, but each keeps its own token, socket and unsent messages in
 * memory. Without this, signing out in one tab left the others signed in, and able to write their unsent
 * messages back to the storage the sign-out had just emptied. Browsers without BroadcastChannel: the other tabs
 * end at their next reload, as before.
 */
@Injectable({ providedIn: 'root' })
export class SignOutBroadcast implements OnDestroy {
  readonly #channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  /** Tells the other tabs (never this one) that `agentId` signed out here. */
  announce(agentId: string): void {
    this.#channel?.postMessage({ agentId } satisfies SignedOut);
  }

  /**
   * Calls `handler` with the agent another tab signed out.
   * @returns a function that stops listening
   */
  listen(handler: (agentId: string) => void): () => void {
    const channel = this.#channel;
    if (!channel) return () => undefined;
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<SignedOut> | null;
      // Another build of the console, or another app on this origin, may share the name: only this shape counts.
      if (typeof data?.agentId === 'string') handler(data.agentId);
    };
    channel.addEventListener('message', onMessage);
    return () => channel.removeEventListener('message', onMessage);
  }

  ngOnDestroy(): void {
    this.#channel?.close();
  }
}
