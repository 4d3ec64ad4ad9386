import { TestBed } from '@angular/core/testing';
import { makeChatMessage } from '@parley/angular/testing';
import type { ChatMessage } from '@parley/client';
import { MessageList } from './message-list';

describe('MessageList', () => {
  async function render(messages: ChatMessage[], customerReadSeq = 0) {
    const fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('messages', messages);
    fixture.componentRef.setInput('customerReadSeq', customerReadSeq);
    await fixture.whenStable();
    return fixture;
  }

  /** One message in a list laid out as a long conversation: 2,000 px of content in a 400 px window. */
  async function renderLongList() {
    const first = makeChatMessage({ seq: 1 });
    const fixture = await render([first]);
    const root = fixture.nativeElement as HTMLElement;
    const scroller = root.querySelector<HTMLElement>('.scroller')!;
    Object.defineProperty(scroller, 'scrollHeight', { value: 2000, configurable: true });
    Object.defineProperty(scroller, 'clientHeight', { value: 400, configurable: true });
    /** Another customer message arrives. */
    const receive = async () => {
      fixture.componentRef.setInput('messages', [first, makeChatMessage({ seq: 2, body: 'new one' })]);
      await fixture.whenStable();
    };
    return { fixture, root, scroller, receive };
  }

  const me = { id: 'a-1', role: 'agent' as const, name: 'Agent Ann' };

  it('shows delivery ticks on my messages: sending, sent, read by the customer', async () => {
    const fixture = await render(
      [
        makeChatMessage({ seq: 1, mine: true, author: me, body: 'read' }),
        makeChatMessage({ seq: 2, mine: true, author: me, body: 'sent' }),
        makeChatMessage({ seq: null, mine: true, author: me, body: 'pending', delivery: 'pending' }),
        makeChatMessage({ seq: 3, body: 'from customer' }),
      ],
      1,
    );
    const ticks = [...(fixture.nativeElement as HTMLElement).querySelectorAll('li.message')].map(
      (li) => li.querySelector('.tick')?.textContent?.trim() ?? null,
    );
    expect(ticks).toEqual(['✓✓ Read', '✓ Sent', '◷ Sending…', null]);
  });

  it('shows timeline events between the messages where they happened, and after the last one', async () => {
    const at = (m: number) => `2026-01-01T10:${String(m).padStart(2, '0')}:00.000Z`;
    const ann = { id: 'a-1', role: 'agent' as const, name: 'Ann' };
    const fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('messages', [
      makeChatMessage({ seq: 1, body: 'help', createdAt: at(1) }),
      makeChatMessage({ seq: 2, body: 'on it', createdAt: at(5) }),
    ]);
    fixture.componentRef.setInput('events', [
      { id: 'e1', queryId: 'q', type: 'assigned', actor: ann, assignee: { id: 'a-1', name: 'Ann' }, previousAssignee: null, createdAt: at(3) },
      { id: 'e2', queryId: 'q', type: 'resolved', actor: ann, assignee: null, previousAssignee: null, createdAt: at(7) },
    ]);
    await fixture.whenStable();
    const items = [...(fixture.nativeElement as HTMLElement).querySelectorAll('ol > li:not(.day)')].map((li) =>
      li.classList.contains('event') ? `event: ${li.querySelector('span')!.textContent}` : `message: ${li.querySelector('pa-message-body')!.textContent!.trim()}`,
    );
    expect(items).toEqual(['message: help', 'event: Ann took the query', 'message: on it', 'event: Ann resolved the query']);
  });

  it('says when a message written offline was written, beside when it arrived', async () => {
    const fixture = await render([
      makeChatMessage({ seq: 1, body: 'from the tunnel', createdAt: '2026-01-01T10:15:00Z', writtenAt: '2026-01-01T10:02:00Z' }),
      makeChatMessage({ seq: 2, body: 'live' }),
    ]);
    const rows = [...(fixture.nativeElement as HTMLElement).querySelectorAll('li.message')];
    expect(rows[0]!.querySelector('[data-testid="written-at"] time')!.getAttribute('datetime')).toBe('2026-01-01T10:02:00Z');
    expect(rows[0]!.querySelector('[data-testid="written-at"]')!.textContent).toContain('sent when back online');
    expect(rows[1]!.querySelector('[data-testid="written-at"]')).toBeNull();
  });

  it('offers retry and discard on a failed message', async () => {
    const failed = makeChatMessage({
      seq: null,
      mine: true,
      author: me,
      delivery: 'failed',
      error: { code: 'invalid_payload', message: 'body too long' },
    });
    const fixture = await render([failed]);
    const retried: string[] = [];
    const discarded: string[] = [];
    fixture.componentInstance.retry.subscribe((id) => retried.push(id));
    fixture.componentInstance.discard.subscribe((id) => discarded.push(id));
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('.tick.failed')!.textContent).toContain('body too long');
    const [retry, discard] = [...root.querySelectorAll<HTMLButtonElement>('.tick.failed button')];
    retry!.click();
    discard!.click();
    expect(retried).toEqual([failed.clientId]);
    expect(discarded).toEqual([failed.clientId]);
  });

  it('marks internal notes distinctly', async () => {
    const fixture = await render([makeChatMessage({ seq: 1, internal: true, author: me, mine: true, body: 'VIP' })]);
    const root = fixture.nativeElement as HTMLElement;
    const note = root.querySelector('li.message')!;
    expect(note.classList).toContain('note');
    expect(note.textContent).toContain('Internal note');
    expect(note.querySelector('.tick')).toBeNull();
  });

  it('announces only messages arriving live from others, not history, not my own; the list is no live region', async () => {
    const first = makeChatMessage({ seq: 5, body: 'loaded with the page' });
    const fixture = await render([first]);
    const root = fixture.nativeElement as HTMLElement;
    const announcer = root.querySelector('[data-testid="message-announcer"]')!;
    expect(root.querySelector('[role="log"], [aria-live] li, ol[aria-live]')).toBeNull();
    expect(root.querySelectorAll('[aria-live]')).toHaveLength(1);
    expect(announcer.textContent!.trim()).toBe('');

    // Scroll-back prepends history: silent.
    fixture.componentRef.setInput('messages', [makeChatMessage({ seq: 4, body: 'older' }), first]);
    await fixture.whenStable();
    expect(announcer.textContent!.trim()).toBe('');
    // My own message: silent. A customer's: announced.
    const mine = makeChatMessage({ seq: 6, mine: true, author: me, body: 'mine' });
    fixture.componentRef.setInput('messages', [makeChatMessage({ seq: 4, body: 'older' }), first, mine]);
    await fixture.whenStable();
    expect(announcer.textContent!.trim()).toBe('');
    fixture.componentRef.setInput('messages', [makeChatMessage({ seq: 4, body: 'older' }), first, mine, makeChatMessage({ seq: 7, body: 'any news?' })]);
    await fixture.whenStable();
    expect(announcer.textContent!.trim()).toBe('New message from Ada Customer: any news?');
  });

  it('reports what is seen only at the bottom, and offers an "N new messages" pill when scrolled up', async () => {
    const { fixture, root, scroller, receive } = await renderLongList();
    const seen: number[] = [];
    fixture.componentInstance.seenUpTo.subscribe((seq) => seen.push(seq));
    // The agent scrolls up in a long conversation.
    scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -600 }));
    scroller.scrollTop = 600;
    scroller.dispatchEvent(new Event('scroll'));
    await receive();
    expect(seen.includes(2)).toBe(false);
    const pill = root.querySelector<HTMLButtonElement>('.new-pill')!;
    expect(pill.textContent).toContain('1 new message');
    pill.click();
    expect(seen.at(-1)).toBe(2);
    await fixture.whenStable();
    expect(root.querySelector('.new-pill')).toBeNull();
  });

  it('keeps following the bottom through a scroll the page made itself (no wheel, touch or key), and scrolls back down', async () => {
    const { root, scroller, receive } = await renderLongList();
    // The list clamped while a picture was swapped in: scrollTop moved up with nobody touching anything.
    scroller.scrollTop = 600;
    scroller.dispatchEvent(new Event('scroll'));
    expect(scroller.scrollTop).toBe(1600);
    await receive();
    expect(root.querySelector('.new-pill')).toBeNull();
  });

  it('takes a scroll with no wheel or key while the list holds still as the agent’s (assistive technology, scripts)', async () => {
    const { root, scroller, receive } = await renderLongList();
    scroller.scrollTop = 600; // the page's: the height just changed, undone
    scroller.dispatchEvent(new Event('scroll'));
    expect(scroller.scrollTop).toBe(1600);
    scroller.dispatchEvent(new Event('scroll')); // the browser's event for that scroll back
    scroller.scrollTop = 600; // nothing changed size since: the agent's
    scroller.dispatchEvent(new Event('scroll'));
    expect(scroller.scrollTop).toBe(600);
    await receive();
    expect(root.querySelector('.new-pill')!.textContent).toContain('1 new message');
  });

  it('separates days and gives every time a full-date tooltip', async () => {
    const fixture = await render([
      makeChatMessage({ seq: 1, createdAt: '2026-01-01T10:00:00.000Z' }),
      makeChatMessage({ seq: 2, createdAt: '2026-01-01T10:05:00.000Z' }),
      makeChatMessage({ seq: 3, createdAt: '2026-01-03T10:00:00.000Z' }),
    ]);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelectorAll('li.day')).toHaveLength(2);
    expect(root.querySelector('li.message time')!.getAttribute('title')).toMatch(/2026/);
  });

  it('shows who is typing', async () => {
    const fixture = await render([]);
    fixture.componentRef.setInput('typing', [{ id: 'c-1', role: 'customer', name: 'Ada' }]);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="typing-indicator"]')!.textContent).toContain(
      'Ada is typing…',
    );
  });

  it('asks for older messages from the button at the top', async () => {
    const fixture = await render([makeChatMessage({ seq: 51 })]);
    fixture.componentRef.setInput('hasOlder', true);
    await fixture.whenStable();
    let asked = 0;
    fixture.componentInstance.loadOlder.subscribe(() => asked++);
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('.older button')!.click();
    expect(asked).toBe(1);
  });
});
