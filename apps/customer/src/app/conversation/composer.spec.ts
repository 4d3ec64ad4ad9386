import { afterEach, describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { Composer, type OutgoingMessage } from './composer';

async function render(queryId = 'q1') {
  const client = new FakeCustomerClient();
  TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client)] });
  await startSession(client);
  const fixture = TestBed.createComponent(Composer);
  fixture.componentRef.setInput('queryId', queryId);
  const sent: OutgoingMessage[] = [];
  const typing: boolean[] = [];
  fixture.componentInstance.send.subscribe((m) => sent.push(m));
  fixture.componentInstance.typing.subscribe((t) => typing.push(t));
  await fixture.whenStable();
  const textarea = fixture.nativeElement.querySelector('ion-textarea') as HTMLElement;
  const type = async (value: string) => {
    textarea.dispatchEvent(new CustomEvent('ionInput', { detail: { value } }));
    await fixture.whenStable();
  };
  const key = async (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { ...init, cancelable: true, bubbles: true });
    textarea.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  };
  return { fixture, sent, typing, type, key };
}

describe('Composer', () => {
  afterEach(() => localStorage.clear());

  it('sends the trimmed text on Enter and clears the draft', async () => {
    const { sent, type, key, typing } = await render();
    await type('  hello there  ');
    const enter = await key({ key: 'Enter' });
    expect(enter.defaultPrevented).toBe(true);
    expect(sent).toEqual([{ body: 'hello there', attachmentIds: [] }]);
    expect(localStorage.getItem('parley.customer.draft.q1')).toBeNull();
    expect(typing.at(0)).toBe(true);
    expect(typing.at(-1)).toBe(false);
  });

  it('keeps Shift+Enter for a new line', async () => {
    const { sent, type, key } = await render();
    await type('line one');
    const shiftEnter = await key({ key: 'Enter', shiftKey: true });
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('does not send white space only', async () => {
    const { sent, type, key } = await render();
    await type('   ');
    await key({ key: 'Enter' });
    expect(sent).toEqual([]);
  });

  it('never cuts a long text: past the limit it says by how much and refuses to send, keeping every character', async () => {
    const { fixture, sent, type, key } = await render();
    const textarea = (fixture.nativeElement as HTMLElement).querySelector('ion-textarea') as HTMLElement & { maxlength?: number };
    // A maxlength on the field is what used to cut a pasted text silently.
    expect(textarea.maxlength).toBeUndefined();
    expect(textarea.getAttribute('maxlength')).toBeNull();
    await type('x'.repeat(3700));
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="composer-limit"]')!.textContent!.trim()).toBe('3700 / 4000 characters');
    await type('x'.repeat(4003));
    const limit = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="composer-limit"]')!;
    expect(limit.getAttribute('role')).toBe('alert');
    expect(limit.textContent!.trim()).toBe('Too long: 4003 / 4000 characters');
    await key({ key: 'Enter' });
    expect(sent).toEqual([]);
    expect(localStorage.getItem('parley.customer.draft.q1')).toBe('x'.repeat(4003));
  });

  it('keeps the draft of each query across a reload', async () => {
    const first = await render('q7');
    await first.type('half-written');
    TestBed.resetTestingModule();
    const second = await render('q7');
    expect(second.fixture.nativeElement.querySelector('ion-textarea').value).toBe('half-written');
  });

  it('on a touch screen, leaves Enter to the keyboard (a new line) and sends with the button', async () => {
    const original = globalThis.matchMedia;
    globalThis.matchMedia = ((query: string) => ({ matches: query === '(pointer: coarse)' })) as unknown as typeof matchMedia;
    try {
      const { fixture, sent, type, key } = await render();
      await type('first line');
      const enter = await key({ key: 'Enter' });
      expect(enter.defaultPrevented).toBe(false);
      expect(sent).toEqual([]);
      expect(fixture.nativeElement.querySelector('ion-textarea').getAttribute('enterkeyhint')).toBe('enter');
      (fixture.nativeElement.querySelector('[data-testid="send"]') as HTMLElement).click();
      await fixture.whenStable();
      expect(sent).toEqual([{ body: 'first line', attachmentIds: [] }]);
    } finally {
      globalThis.matchMedia = original;
    }
  });

  it('offers "send" on the keyboard where Enter sends', async () => {
    const { fixture } = await render();
    expect(fixture.nativeElement.querySelector('ion-textarea').getAttribute('enterkeyhint')).toBe('send');
  });
});
