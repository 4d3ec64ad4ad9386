import { DestroyRef, Injector } from '@angular/core';
import type { ChatMessage } from '@parley/client';
import { describe, expect, it, vi } from 'vitest';
import { ConversationHandle } from './conversation-handle.js';
import { FakeConversation } from './testing/fake-conversation.js';

function lifetime() {
  const injector = Injector.create({ providers: [] });
  return { destroyRef: injector.get(DestroyRef), destroy: () => injector.destroy() };
}

const message = (seq: number): ChatMessage => ({
  key: `k${seq}`,
  clientId: `k${seq}`,
  queryId: 'q-1',
  seq,
  author: { id: 'a-1', role: 'agent', name: 'Maya' },
  body: `message ${seq}`,
  internal: false,
  attachments: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  delivery: 'sent',
  mine: false,
});

describe('ConversationHandle', () => {
  it('follows the conversation’s state in signals; an unchanged stream keeps its reference', () => {
    const conversation = new FakeConversation('q-1', { messages: [message(1)] });
    const handle = new ConversationHandle(conversation, lifetime().destroyRef);
    const first = handle.messages();
    expect(first.map((m) => m.seq)).toEqual([1]);
    conversation.push({ typing: [{ id: 'a-1', role: 'agent', name: 'Maya' }] });
    expect(handle.state().typing).toHaveLength(1);
    expect(handle.messages()).toBe(first);
    conversation.push({ messages: [message(1), message(2)] });
    expect(handle.messages().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('passes the actions to the conversation', async () => {
    const conversation = new FakeConversation('q-1');
    const handle = new ConversationHandle(conversation, lifetime().destroyRef);
    const markRead = vi.spyOn(conversation, 'markRead');
    const loadOlder = vi.spyOn(conversation, 'loadOlder');
    expect(handle.send('hello', { attachmentIds: ['f-1'] }).message.body).toBe('hello');
    expect(conversation.sent).toEqual([{ body: 'hello', options: { attachmentIds: ['f-1'] } }]);
    handle.markRead(4);
    await handle.loadOlder();
    expect(markRead).toHaveBeenCalledWith(4);
    expect(loadOlder).toHaveBeenCalledOnce();
  });

  it('leaves the room and stops following when its lifetime ends', () => {
    const conversation = new FakeConversation('q-1');
    const { destroyRef, destroy } = lifetime();
    const handle = new ConversationHandle(conversation, destroyRef);
    expect(conversation.state.listenerCount).toBe(1);
    destroy();
    expect(conversation.left).toBe(true);
    expect(conversation.state.listenerCount).toBe(0);
    expect(handle.released).toBe(true);
  });

  it('can be released before its lifetime ends (another query opened), once', () => {
    const conversation = new FakeConversation('q-1');
    const leave = vi.spyOn(conversation, 'leave');
    const { destroyRef, destroy } = lifetime();
    const handle = new ConversationHandle(conversation, destroyRef);
    handle.release();
    handle.release();
    destroy();
    expect(leave).toHaveBeenCalledOnce();
    expect(conversation.state.listenerCount).toBe(0);
  });
});
