/** An SDK conversation a test drives by hand. */
import type { ChatMessage, Conversation, ConversationState } from '@parley/client';
import type { Message, UserRef } from '@parley/protocol';
import { FakeStore } from './fake-store.js';

/** A conversation's state before anything arrived: not joined, no messages. */
export function emptyConversationState(overrides: Partial<ConversationState> = {}): ConversationState {
  return {
    query: null,
    messages: [],
    notes: [],
    joined: false,
    hasOlder: false,
    hasOlderNotes: false,
    loadingOlder: false,
    typing: [],
    customerReadSeq: 0,
    agentReadSeq: 0,
    ...overrides,
  };
}

/**
 * Implements the SDK's `Conversation`, so an SDK change breaks it at compile time. Its state
 * is a {@link FakeStore} the test pushes to (`push()`); its actions do nothing but record
 * (`sent`, `left`) — spy on them (`vi.spyOn(conversation, 'markRead')`) to check calls.
 * `send()` answers with a pending message whose `done` never settles.
 */
export class FakeConversation implements Conversation {
  readonly state: FakeStore<ConversationState>;
  /** Bodies and options given to `send()`, in order. */
  readonly sent: Array<{ body: string; options?: { internal?: boolean; attachmentIds?: string[] } }> = [];
  /** Whether `leave()` was called. */
  left = false;

  constructor(
    readonly queryId: string,
    initial: Partial<ConversationState> = {},
    private readonly author: UserRef = { id: 'me', role: 'customer', name: 'Me' },
  ) {
    this.state = new FakeStore(emptyConversationState(initial));
  }

  /** Merges `patch` into the state and tells the listeners, as the SDK does on every change. */
  push(patch: Partial<ConversationState>): void {
    this.state.set({ ...this.state.getSnapshot(), ...patch });
  }

  send(body: string, options?: { internal?: boolean; attachmentIds?: string[] }): { message: ChatMessage; done: Promise<Message> } {
    this.sent.push(options ? { body, options } : { body });
    const clientId = `fake-${this.sent.length}`;
    const message: ChatMessage = {
      key: clientId,
      clientId,
      queryId: this.queryId,
      seq: null,
      author: this.author,
      body,
      internal: options?.internal === true,
      attachments: [],
      createdAt: new Date().toISOString(),
      delivery: 'pending',
      mine: true,
    };
    return { message, done: new Promise<Message>(() => undefined) };
  }

  retry(_clientId: string): void {}

  discard(_clientId: string): void {}

  setTyping(_typing: boolean): void {}

  markRead(_seq?: number): void {}

  async loadOlder(): Promise<void> {}

  leave(): void {
    this.left = true;
  }
}
