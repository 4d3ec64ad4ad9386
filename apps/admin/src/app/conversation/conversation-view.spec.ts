import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Conversation, ConversationState } from '@parley/client';
import { CannedRepliesStore } from '../canned-replies/canned-replies-store';
import { RealtimeService } from '../realtime/realtime';
import { FakeStore } from '../testing/fake-store';
import { makeMessage, makeQuery } from '../testing/fixtures';
import { ConversationView } from './conversation-view';

function stateFor(queryId: string, overrides: Partial<ConversationState> = {}): ConversationState {
  return {
    query: makeQuery({ id: queryId, subject: `Subject ${queryId}` }),
    messages: [makeMessage({ queryId, seq: 1 }), makeMessage({ queryId, seq: 2, body: 'second' })],
    notes: [],
    joined: true,
    hasOlder: false,
    hasOlderNotes: false,
    loadingOlder: false,
    typing: [],
    customerReadSeq: 0,
    agentReadSeq: 0,
    ...overrides,
  };
}

describe('ConversationView', () => {
  const opened = new Map<string, { conversation: Conversation; store: FakeStore<ConversationState>; markRead: ReturnType<typeof vi.fn>; leave: ReturnType<typeof vi.fn> }>();
  let initial: (id: string) => ConversationState;

  function setVisibility(state: DocumentVisibilityState): void {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }

  beforeEach(() => {
    localStorage.clear();
    opened.clear();
    initial = (id) => stateFor(id);
    const realtime = {
      queue: signal({ items: [], loading: false, unresolvedComplete: true, resolvedCursor: null, loadingResolved: false }),
      presence: signal({ bo: 'away' }),
      started: signal(true),
      api: { listAgents: async () => [] },
      conversation: (queryId: string) => {
        const store = new FakeStore(initial(queryId));
        const entry = {
          store,
          markRead: vi.fn(),
          leave: vi.fn(),
          conversation: undefined as unknown as Conversation,
        };
        entry.conversation = {
          queryId,
          state: store,
          markRead: entry.markRead,
          leave: entry.leave,
          setTyping: vi.fn(),
          send: vi.fn(),
          retry: vi.fn(),
          discard: vi.fn(),
          loadOlder: vi.fn(async () => undefined),
        } as unknown as Conversation;
        opened.set(queryId, entry);
        return entry.conversation;
      },
    };
    TestBed.configureTestingModule({
      providers: [
        { provide: RealtimeService, useValue: realtime },
        { provide: CannedRepliesStore, useValue: { load: async () => undefined, replies: signal([]) } },
      ],
    });
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
    expect(opened.get('q-1')!.leave).not.toHaveBeenCalled();
    expect((fixture.nativeElement as HTMLElement).querySelector('h1')!.textContent).toBe('Subject q-1');
    fixture.componentRef.setInput('queryId', 'q-2');
    await fixture.whenStable();
    expect(opened.get('q-1')!.leave).toHaveBeenCalledTimes(1);
    expect(opened.get('q-1')!.store.listenerCount).toBe(0);
    expect(opened.get('q-2')!.leave).not.toHaveBeenCalled();
    fixture.destroy();
    expect(opened.get('q-2')!.leave).toHaveBeenCalledTimes(1);
  });

  it('marks read what the list shows at its bottom, once joined and while the tab is visible', async () => {
    initial = (id) => stateFor(id, { joined: false });
    setVisibility('hidden');
    const fixture = await render('q-1');
    const entry = opened.get('q-1')!;
    expect(entry.markRead).not.toHaveBeenCalled();
    entry.store.set(stateFor('q-1'));
    await fixture.whenStable();
    // Joined, but nobody is looking.
    expect(entry.markRead).not.toHaveBeenCalled();
    setVisibility('visible');
    await fixture.whenStable();
    expect(entry.markRead).toHaveBeenCalledWith(2);
  });

  it('offers older history while either stream (public or internal notes) has more', async () => {
    initial = (id) => stateFor(id, { hasOlder: false, hasOlderNotes: true });
    const fixture = await render('q-1');
    expect((fixture.nativeElement as HTMLElement).querySelector('.older button')?.textContent).toContain('Load older messages');
  });

  it('shows the assignee’s presence and the customer’s rating in the header', async () => {
    initial = (id) =>
      stateFor(id, {
        query: makeQuery({ id, assignee: { id: 'bo', name: 'Bo' }, status: 'resolved', rating: { score: 4, comment: 'Quick help', createdAt: '' } }),
      });
    const fixture = await render('q-1');
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="assignee-presence"]')!.textContent).toBe('(away)');
    expect(root.querySelector('[data-testid="rating"]')!.textContent).toContain('Rated 4/5');
  });
});
