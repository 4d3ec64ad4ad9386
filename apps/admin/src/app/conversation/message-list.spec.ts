import { TestBed } from '@angular/core/testing';
import type { ChatMessage } from '@parley/client';
import { makeMessage } from '../testing/fixtures';
import { MessageList } from './message-list';

describe('MessageList', () => {
  async function render(messages: ChatMessage[], customerReadSeq = 0) {
    const fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('messages', messages);
    fixture.componentRef.setInput('customerReadSeq', customerReadSeq);
    await fixture.whenStable();
    return fixture;
  }

  const me = { id: 'a-1', role: 'agent' as const, name: 'Agent Ann' };

  it('shows delivery ticks on my messages: sending, sent, read by the customer', async () => {
    const fixture = await render(
      [
        makeMessage({ seq: 1, mine: true, author: me, body: 'read' }),
        makeMessage({ seq: 2, mine: true, author: me, body: 'sent' }),
        makeMessage({ seq: null, mine: true, author: me, body: 'pending', delivery: 'pending' }),
        makeMessage({ seq: 3, body: 'from customer' }),
      ],
      1,
    );
    const ticks = [...(fixture.nativeElement as HTMLElement).querySelectorAll('li.message')].map(
      (li) => li.querySelector('.tick')?.textContent?.trim() ?? null,
    );
    expect(ticks).toEqual(['✓✓ Read', '✓ Sent', '◷ Sending…', null]);
  });

  it('offers retry and discard on a failed message', async () => {
    const failed = makeMessage({
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

  it('marks internal notes distinctly and exposes the list as a live log', async () => {
    const fixture = await render([makeMessage({ seq: 1, internal: true, author: me, mine: true, body: 'VIP' })]);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[role="log"]')).not.toBeNull();
    const note = root.querySelector('li.message')!;
    expect(note.classList).toContain('note');
    expect(note.textContent).toContain('Internal note');
    expect(note.querySelector('.tick')).toBeNull();
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
    const fixture = await render([makeMessage({ seq: 51 })]);
    fixture.componentRef.setInput('hasOlder', true);
    await fixture.whenStable();
    let asked = 0;
    fixture.componentInstance.loadOlder.subscribe(() => asked++);
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('.older button')!.click();
    expect(asked).toBe(1);
  });
});
