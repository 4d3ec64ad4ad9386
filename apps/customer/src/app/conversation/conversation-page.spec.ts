import { afterEach, describe, expect, it, vi } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideIonicAngular } from '@ionic/angular';
import type { ChatMessage, ConversationState } from '@parley/client';
import type { Query, UserRef } from '@parley/protocol';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
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

async function render(initial: Partial<ConversationState> = {}) {
  const client = new FakeCustomerClient();
  client.initialState = () => ({ query: query(), messages: [message(1)], joined: true, customerReadSeq: 1, ...initial });
  client.presence.set({ a1: 'online' });
  TestBed.configureTestingModule({ providers: [provideIonicAngular(), provideRouter([]), provideFakeCustomerClient(client)] });
  await startSession(client);
  const fixture = TestBed.createComponent(ConversationPage);
  fixture.componentRef.setInput('id', QUERY_ID);
  await fixture.whenStable();
  const conversation = client.opened.get(QUERY_ID)!;
  return { fixture, conversation, client, element: fixture.nativeElement as HTMLElement };
}

describe('ConversationPage', () => {
  afterEach(() => localStorage.clear());

  it('shows the subject and that no agent has answered yet', async () => {
    const { element } = await render();
    expect(element.querySelector('[data-testid="conversation-subject"]')?.textContent).toBe('Broken order');
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('Waiting for an agent');
  });

  it('names the assigned agent with their presence, and says when they type', async () => {
    const { element, fixture, conversation } = await render({ query: query({ assignee: { id: 'a1', name: 'Maya' } }) });
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('Maya');
    expect(element.querySelector('[data-testid="agent-status"]')?.textContent).toContain('online');
    // The dot says what the words say (it was grey beside "online").
    const dot = element.querySelector<HTMLElement>('[data-testid="agent-status"] .presence')!;
    expect(dot.classList.contains('online')).toBe(true);
    expect(getComputedStyle(dot).backgroundColor).toBe('rgb(46, 204, 113)');
    conversation.push({ typing: [maya] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="typing-indicator"]')?.textContent).toBe('Maya is typing…');
  });

  it('marks new messages read as they arrive (the SDK carries it to the list)', async () => {
    const { fixture, conversation } = await render();
    const markRead = vi.spyOn(conversation, 'markRead');
    conversation.push({ messages: [message(1), message(2, maya)] });
    await fixture.whenStable();
    expect(markRead).toHaveBeenLastCalledWith(2);
  });

  it('after the server lost history (the list starts again lower), marks its new messages read again', async () => {
    const { fixture, conversation } = await render();
    const markRead = vi.spyOn(conversation, 'markRead');
    conversation.push({ messages: [1, 2, 3, 4, 5].map((seq) => message(seq, maya)) });
    await fixture.whenStable();
    expect(markRead).toHaveBeenLastCalledWith(5);
    conversation.push({ messages: [1, 2, 3].map((seq) => message(seq, maya)) });
    await fixture.whenStable();
    conversation.push({ messages: [1, 2, 3, 4].map((seq) => message(seq, maya)) });
    await fixture.whenStable();
    expect(markRead).toHaveBeenLastCalledWith(4);
  });

  it('sends what the composer hands over, with the uploaded attachment ids', async () => {
    const { fixture, conversation } = await render();
    const composer = fixture.debugElement.query((el) => el.name === 'app-composer');
    composer.triggerEventHandler('send', { body: 'see picture', attachmentIds: ['a-1'] });
    composer.triggerEventHandler('send', { body: 'plain', attachmentIds: [] });
    expect(conversation.sent).toEqual([{ body: 'see picture', options: { attachmentIds: ['a-1'] } }, { body: 'plain' }]);
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
    expect(conversation.left).toBe(false);
    fixture.destroy();
    expect(conversation.left).toBe(true);
    expect(conversation.state.listenerCount).toBe(0);
  });
});
