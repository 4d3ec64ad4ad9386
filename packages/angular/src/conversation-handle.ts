/** One open conversation as a component holds it: signals to read, actions to call, a lifetime. */
import { computed, type DestroyRef, type Signal, signal } from '@angular/core';
import type { ChatMessage, Conversation, ConversationState } from '@parley/client';
import type { Message, Query } from '@parley/protocol';
import { bindStore } from './bind-store.js';

/**
 * A conversation the SDK keeps joined, seen through signals. A realtime service hands these
 * out (`realtime.conversation(id)`), so components never subscribe to SDK stores themselves:
 * the subscription and the room both end with `release()`, which the `DestroyRef` given at
 * creation (the component's) calls at the latest.
 *
 * Each part of the state is its own `computed`: the SDK keeps a stream's array when only
 * typing or read cursors change, so an unchanged reference stops there and templates that
 * read `messages()` are not re-rendered.
 * @example
 * // in a page shown for one query: the handle leaves the room when the page is destroyed
 * ngOnInit(): void {
 *   this.chat.set(this.realtime.conversation(this.id(), this.destroyRef));
 * }
 * protected sendReply(body: string): void {
 *   this.chat()?.send(body).done.catch(() => undefined); // failures show on the message
 * }
 */
export class ConversationHandle {
  readonly queryId: string;
  /** The whole state, as the SDK last rendered it. */
  readonly state: Signal<ConversationState>;
  /** The query, once the join answered or a live list knew it; null before. */
  readonly query: Signal<Query | null>;
  /** The public stream, then my own messages not yet stored (pending, failed). */
  readonly messages: Signal<readonly ChatMessage[]>;
  /** Agents' internal notes; always empty for customers. */
  readonly notes: Signal<readonly ChatMessage[]>;
  readonly #conversation: Conversation;
  readonly #unsubscribe: () => void;
  readonly #forgetDestroy: () => void;
  #released = false;

  constructor(conversation: Conversation, destroyRef: DestroyRef) {
    this.queryId = conversation.queryId;
    this.#conversation = conversation;
    const state = signal(conversation.state.getSnapshot());
    this.#unsubscribe = bindStore(conversation.state, state);
    this.state = state.asReadonly();
    this.query = computed(() => this.state().query);
    this.messages = computed(() => this.state().messages);
    this.notes = computed(() => this.state().notes);
    this.#forgetDestroy = destroyRef.onDestroy(() => this.#end());
  }

  /** Whether {@link release} ran: the handle no longer follows the conversation. */
  get released(): boolean {
    return this.#released;
  }

  /** See `Conversation.send`: the pending message shows at once; `done` settles with the stored one or a ParleyError. */
  send(body: string, options?: { internal?: boolean; attachmentIds?: string[] }): { message: ChatMessage; done: Promise<Message> } {
    return this.#conversation.send(body, options);
  }

  /** A failed message back to pending. */
  retry(clientId: string): void {
    this.#conversation.retry(clientId);
  }

  /** Drops a failed or pending message from the outbox. */
  discard(clientId: string): void {
    this.#conversation.discard(clientId);
  }

  /** Tells the others I am typing (throttled by the SDK, which also says when I stop). */
  setTyping(typing: boolean): void {
    this.#conversation.setTyping(typing);
  }

  /** Default: the latest seq shown. */
  markRead(seq?: number): void {
    this.#conversation.markRead(seq);
  }

  /** One more page of history before what is loaded. */
  loadOlder(): Promise<void> {
    return this.#conversation.loadOlder();
  }

  /** Stops following the state and leaves the room; the signals keep their last value. Safe to call twice. */
  release(): void {
    if (this.#released) return;
    // Released early (another query was opened): the DestroyRef need not hold on to this handle.
    this.#forgetDestroy();
    this.#end();
  }

  #end(): void {
    if (this.#released) return;
    this.#released = true;
    this.#unsubscribe();
    this.#conversation.leave();
  }
}
