import { TestBed } from '@angular/core/testing';
import { makeChatMessage, makeQuery } from '@parley/angular/testing';
import type { ConversationState } from '@parley/client';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { ConversationView } from './conversation-view';

function stateFor(queryId: string, overrides: Partial<ConversationState> = {}): Partial<ConversationState> {
  return {
    query: makeQuery({ id: queryId, subject: `Subject ${queryId}` }),
    messages: [makeChatMessage({ queryId, seq: 1 }), makeChatMessage({ queryId, seq: 2, body: 'second' })],
    joined: true,
    ...overrides,
  };
}

describe('ConversationView', () => {
  let client: FakeAgentClient;

  function setVisibility(state: DocumentVisibilityState): void {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }

  beforeEach(() => {
    localStorage.clear();
    client = new FakeAgentClient();
    client.initialState = (id) => stateFor(id);
    client.presence.set({ bo: 'away' });
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
  });
  afterEach(() => setVisibility('visible'));

  async function render(queryId: string) {
    const fixture = TestBed.createComponent(ConversationView);
    fixture.componentRef.setInput('queryId', queryId);
    await fixture.whenStable();
    return fixture;
  }

  it('joins the routed query, leaves it when another is opened, and leaves on destroy', async () => {
    const fixture = await render('q-1');
    const first = client.opened.get('q-1')!;
    expect(first.left).toBe(false);
    expect((fixture.nativeElement as HTMLElement).querySelector('h1')!.textContent).toBe('Subject q-1');
    fixture.componentRef.setInput('queryId', 'q-2');
    await fixture.whenStable();
    expect(first.left).toBe(true);
    expect(first.state.listenerCount).toBe(0);
    const second = client.opened.get('q-2')!;
    expect(second.left).toBe(false);
    const leave = vi.spyOn(second, 'leave');
    fixture.destroy();
    expect(leave).toHaveBeenCalledTimes(1);
  });

  it('shows who the customer is: the email they left (a mailto link) and visitor or identified', async () => {
    client.customerCard = (id) => ({ customer: { id, name: 'Ada', email: 'ada@example.test', externalId: null, createdAt: '' }, presence: 'offline', queries: [] });
    const fixture = await render('q-1');
    await fixture.whenStable();
    const info = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="customer-info"]')!;
    expect(info.querySelector('a')!.getAttribute('href')).toBe('mailto:ada@example.test');
    expect(info.textContent).toContain('visitor');
    client.customerCard = (id) => ({ customer: { id, name: 'Kim', email: null, externalId: 'shop-42', createdAt: '' }, presence: 'offline', queries: [] });
    client.initialState = (id) => stateFor(id, { query: makeQuery({ id, customer: { id: 'c-other', name: 'Kim' } }) });
    fixture.componentRef.setInput('queryId', 'q-2');
    await fixture.whenStable();
    await fixture.whenStable();
    const other = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="customer-info"]')!;
    expect(other.querySelector('a')).toBeNull();
    expect(other.textContent).toContain('identified (shop-42)');
  });

  it('marks read what the list shows at its bottom, once joined and while the tab is visible', async () => {
    client.initialState = (id) => stateFor(id, { joined: false });
    setVisibility('hidden');
    const fixture = await render('q-1');
    const conversation = client.opened.get('q-1')!;
    const markRead = vi.spyOn(conversation, 'markRead');
    expect(markRead).not.toHaveBeenCalled();
    conversation.push({ joined: true });
    await fixture.whenStable();
    // Joined, but nobody is looking.
    expect(markRead).not.toHaveBeenCalled();
    setVisibility('visible');
    await fixture.whenStable();
    expect(markRead).toHaveBeenCalledWith(2);
  });

  it('after the server lost history (the list ends lower), marks its new messages read again', async () => {
    const messages = (last: number) => Array.from({ length: last }, (_, i) => makeChatMessage({ queryId: 'q-1', seq: i + 1 }));
    client.initialState = (id) => stateFor(id, { messages: messages(5) });
    const fixture = await render('q-1');
    const conversation = client.opened.get('q-1')!;
    const markRead = vi.spyOn(conversation, 'markRead');
    conversation.push({ messages: messages(5) });
    await fixture.whenStable();
    conversation.push({ messages: messages(3) });
    await fixture.whenStable();
    conversation.push({ messages: messages(4) });
    await fixture.whenStable();
    await fixture.whenStable();
    expect(markRead).toHaveBeenLastCalledWith(4);
  });

  it('offers older history while either stream (public or internal notes) has more', async () => {
    client.initialState = (id) => stateFor(id, { hasOlder: false, hasOlderNotes: true });
    const fixture = await render('q-1');
    expect((fixture.nativeElement as HTMLElement).querySelector('.older button')?.textContent).toContain('Load older messages');
  });

  it('shows the assignee’s presence and the customer’s rating in the header', async () => {
    client.initialState = (id) =>
      stateFor(id, {
        query: makeQuery({ id, assignee: { id: 'bo', name: 'Bo' }, status: 'resolved', rating: { score: 4, comment: 'Quick help', createdAt: '' } }),
      });
    const fixture = await render('q-1');
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="assignee-presence"]')!.textContent).toBe('(away)');
    expect(root.querySelector('[data-testid="rating"]')!.textContent).toContain('Rated 4/5');
  });

  it('sends the composer’s message through the conversation, as a note when asked', async () => {
    const fixture = await render('q-1');
    const composer = fixture.debugElement.query((el) => el.name === 'pa-composer');
    composer.triggerEventHandler('send', { body: 'Checking with the warehouse', internal: true });
    expect(client.opened.get('q-1')!.sent).toEqual([{ body: 'Checking with the warehouse', options: { internal: true } }]);
  });
});
