import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { CannedReply } from '@parley/protocol';
import { Composer, type ComposerMessage } from './composer';
import { DraftStore } from './draft-store';

const canned: CannedReply[] = [
  reply('refund', 'Refund policy', 'Refunds take 5 working days.'),
  reply('hello', 'Greeting', 'Hi! How can I help?'),
  reply('ship', 'Shipping times', 'We ship within 24 hours.'),
];

function reply(shortcut: string, title: string, body: string): CannedReply {
  const at = '2026-01-01T00:00:00.000Z';
  return { id: crypto.randomUUID(), shortcut, title, body, createdAt: at, updatedAt: at };
}

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  let sent: ComposerMessage[];
  let typing: boolean[];

  beforeEach(async () => {
    localStorage.clear();
    fixture = TestBed.createComponent(Composer);
    fixture.componentRef.setInput('queryId', 'q-1');
    fixture.componentRef.setInput('cannedReplies', canned);
    sent = [];
    typing = [];
    fixture.componentInstance.send.subscribe((m) => sent.push(m));
    fixture.componentInstance.typing.subscribe((t) => typing.push(t));
    await fixture.whenStable();
  });

  const textarea = () => (fixture.nativeElement as HTMLElement).querySelector('textarea')!;

  async function type(text: string): Promise<void> {
    textarea().value = text;
    textarea().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function press(key: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true, ...init });
    textarea().dispatchEvent(event);
    await fixture.whenStable();
    return event;
  }

  it('sends the trimmed text on Enter and clears the box', async () => {
    await type('  Hello there  ');
    const event = await press('Enter');
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toEqual([{ body: 'Hello there', internal: false, attachmentIds: [] }]);
    expect(textarea().value).toBe('');
    expect(typing.at(-1)).toBe(false);
  });

  it('leaves Shift+Enter to the textarea for a new line', async () => {
    await type('line one');
    const event = await press('Enter', { shiftKey: true });
    expect(event.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('does not send while an input method is composing', async () => {
    await type('にほん');
    await press('Enter', { isComposing: true });
    expect(sent).toEqual([]);
  });

  it('sends nothing for blank text', async () => {
    await type('   \n ');
    await press('Enter');
    expect(sent).toEqual([]);
  });

  it('refuses text over the server limit and says so', async () => {
    await type('x'.repeat(4001));
    await press('Enter');
    expect(sent).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')!.textContent).toContain('4001');
  });

  it('tells the conversation when the agent is typing', async () => {
    await type('H');
    await type('');
    expect(typing).toEqual([true, false]);
  });

  it('on a resolved query, says a reply reopens it (a note does not)', async () => {
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="reopen-hint"]')).toBeNull();
    fixture.componentRef.setInput('resolved', true);
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="reopen-hint"]')!.textContent).toContain('your reply reopens it');
    root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="reopen-hint"]')).toBeNull();
  });

  it('sends an internal note without a typing signal to the customer', async () => {
    const toggle = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    toggle.click();
    await fixture.whenStable();
    await type('Customer is a VIP');
    await press('Enter');
    expect(sent).toEqual([{ body: 'Customer is a VIP', internal: true, attachmentIds: [] }]);
    expect(typing.includes(true)).toBe(false);
    // After the note, the composer is back to replying to the customer.
    await fixture.whenStable();
    expect(toggle.checked).toBe(false);
    expect((fixture.nativeElement as HTMLElement).querySelector('label.visually-hidden')!.textContent!.trim()).toBe('Reply to customer');
    await type('Back to you');
    await press('Enter');
    expect(sent.at(-1)).toEqual({ body: 'Back to you', internal: false, attachmentIds: [] });
  });

  it('suggests canned replies after "/" and inserts the chosen one with Enter', async () => {
    await type('/');
    const options = () =>
      [...(fixture.nativeElement as HTMLElement).querySelectorAll('[role="option"]')].map((o) =>
        o.querySelector('.shortcut')!.textContent!.trim(),
      );
    expect(options()).toEqual(['/hello', '/refund', '/ship']);
    await type('/ref');
    expect(options()).toEqual(['/refund']);
    await type('/s');
    await press('Enter');
    expect(textarea().value).toBe('We ship within 24 hours.');
    expect(sent).toEqual([]);
  });

  it('moves through suggestions with the arrow keys', async () => {
    await type('/');
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Tab');
    expect(textarea().value).toBe('We ship within 24 hours.');
  });

  it('closes suggestions with Escape, after which Enter sends the text as typed', async () => {
    await type('/refund');
    await press('Escape');
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('[role="option"]')).toHaveLength(0);
    await press('Enter');
    expect(sent).toEqual([{ body: '/refund', internal: false, attachmentIds: [] }]);
  });

  it('keeps a draft per query across a re-render, and forgets it once sent', async () => {
    await type('half-written answer');
    expect(TestBed.inject(DraftStore).get('q-1')).toBe('half-written answer');

    fixture.componentRef.setInput('queryId', 'q-2');
    await fixture.whenStable();
    expect(textarea().value).toBe('');

    fixture.componentRef.setInput('queryId', 'q-1');
    await fixture.whenStable();
    expect(textarea().value).toBe('half-written answer');

    await press('Enter');
    expect(TestBed.inject(DraftStore).get('q-1')).toBe('');
  });

  it('inserts a canned reply in place of a /word typed mid-message, keeping the text around it', async () => {
    await type('Thanks for waiting. /ref');
    await press('Enter');
    expect(textarea().value).toBe('Thanks for waiting. Refunds take 5 working days.');
    expect(sent).toEqual([]);
    // A slash inside a word (a URL) is not a command.
    await type('see https://example.com/ref');
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('[role="option"]')).toHaveLength(0);
  });

  it('is a textbox (not a combobox) wired to the suggestions, and announces how many there are', async () => {
    const box = textarea();
    expect(box.getAttribute('role')).toBeNull();
    await type('/');
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    expect(box.getAttribute('aria-controls')).toBe('canned-q-1');
    expect(box.getAttribute('aria-activedescendant')).toBe('canned-q-1-0');
    const status = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="suggestion-status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toContain('3 canned replies available');
  });

  it('refuses a file it cannot attach before uploading anything, and says why in words', async () => {
    const input = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('[data-testid="file-input"]')!;
    const file = new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const problem = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="upload-problem"]')!;
    expect(problem.getAttribute('role')).toBe('alert');
    expect(problem.textContent).toContain('“setup.exe” cannot be attached');
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="upload-item"]')).toHaveLength(0);
    expect((fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(true);
  });
});
