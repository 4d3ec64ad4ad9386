import { describe, expect, it, vi } from 'vitest';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular';
import type { ChatMessage, ConnectionStatus, ConversationState } from '@parley/client';
import type { Query, UserRef } from '@parley/protocol';
import { ParleySession } from '../session/parley-session';
import { ConversationPage } from './conversation-page';

const QUERY_ID = '00000000-0000-4000-8000-00000000000a';
const me: UserRef = { id: 'c1', role: 'customer', name: 'Ada' };
const maya: UserRef = { id: 'a1', role: 'agent', name: 'Maya' };

function message(seq: number, author = me, body = `message ${seq}`): ChatMessage {
  return { key: `k${seq}`, clientId: `k${seq}`, queryId: QUERY_ID, seq, author, body, internal: false, attachments: [], createdAt: '2026-01-01T10:00:00Z', delivery: 'sent', mine: author === me };
}

function query(overrides: Partial<Query> = {}): Query {
  return {
    id: QUERY_ID, subject: 'Broken order', status: 'open', customer: { id: 'c1', name: 'Ada' }, assignee: null, lastSeq: 1, lastNoteSeq: 0,
    lastMessage: null, customerReadSeq: 1, agentReadSeq: 0, waitingSince: null, rating: null, createdAt: '2026-01-01T09:00:00Z', updatedAt: '2026-01-01T09:00:00Z',
    ...overrides,
  };
}

/** A fake SDK conversation whose state the test drives. */
function fakeConversation(initial: Partial<ConversationState>) {
  let state: ConversationState = {
    query: query(), messages: [message(1)], notes: [], joined: true, hasOlder: false, loadingOlder: false, typing: [], customerReadSeq: 1, agentReadSeq: 0,
    ...initial,
  };
  const listeners = new Set<(s: ConversationState) => void>();
  return {
    queryId: QUERY_ID,
    state: { getSnapshot: () => state, subscribe: (l: (s: ConversationState) => void) => (listeners.add(l), () => listeners.delete(l)) },
    push(next: Partial<ConversationState>) {
      state = { ...state, ...next };
      for (const l of listeners) l(state);
    },
    send: vi.fn(() => ({ message: message(99), done: Promise.resolve() })),
    setTyping: vi.fn(),
    markRead: vi.fn(),
    retry: vi.fn(),
    discard: vi.fn(),
    loadOlder: vi.fn(async () => undefined),
    leave: vi.fn(),
  };
}

async function render(initial: Partial<ConversationState> = {}) {
  const conversation = fakeConversation(initial);
  const session = {
    client: () => ({ conversation: () => conversation, token: 't', request: vi.fn() }),
    status: signal<ConnectionStatus>({ state: 'online' }),
    pendingCount: signal(0),
    presence: signal({ a1: 'online' }),
    signOut: vi.fn(),
  };
  TestBed.configureTestingModule({
    providers: [provideIonicAngular(), provideRouter([]), { provide: ParleySession, useValue: session }],
  });
  const fixture = TestBed.createComponent(ConversationPage);
  fixture.componentRef.setInput('id', QUERY_ID);
  await fixture.whenStable();
  return { fixture, conversation, session, element: fixture.nativeElement as HTMLElement };
}

describe('ConversationPage', () => {
  it('shows the subject and that no agent has answered yet', async () => {
    const { element } = await render();
    expect(element.querySelector('[data-testid="conversation-subject"]')?.textContent).toBe('Broken order');
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('Waiting for an agent');
  });

  it('names the assigned agent with their presence, and says when they type', async () => {
    const { element, fixture, conversation } = await render({ query: query({ assignee: { id: 'a1', name: 'Maya' } }) });
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('Maya');
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('online');
    conversation.push({ typing: [maya] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="typing-indicator"]')?.textContent).toBe('Maya is typing…');
  });

  it('marks new messages read as they arrive (the SDK carries it to the list)', async () => {
    const { fixture, conversation } = await render();
    conversation.push({ messages: [message(1), message(2, maya)] });
    await fixture.whenStable();
    expect(conversation.markRead).toHaveBeenLastCalledWith(2);
  });

  it('sends what the composer hands over, with the uploaded attachment ids', async () => {
    const { fixture, conversation } = await render();
    const composer = fixture.debugElement.query((el) => el.name === 'app-composer');
    composer.triggerEventHandler('send', { body: 'see picture', attachmentIds: ['a-1'] });
    composer.triggerEventHandler('send', { body: 'plain', attachmentIds: [] });
    expect(conversation.send).toHaveBeenNthCalledWith(1, 'see picture', { attachmentIds: ['a-1'] });
    expect(conversation.send).toHaveBeenNthCalledWith(2, 'plain', undefined);
  });

  it('asks for a rating once resolved', async () => {
    const { element } = await render({ query: query({ status: 'resolved' }) });
    expect(element.querySelector('[data-testid="rating-card"]')?.textContent).toContain('How did we do?');
  });

  it('explains a refused join instead of the conversation', async () => {
    const { element } = await render({ joined: false, messages: [], error: { code: 'forbidden', message: 'not yours' } });
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('This conversation is not available to you.');
    expect(element.querySelector('app-composer')).toBeNull();
  });

  it('leaves the conversation when the page goes away', async () => {
    const { fixture, conversation } = await render();
    fixture.destroy();
    expect(conversation.leave).toHaveBeenCalled();
  });
});
