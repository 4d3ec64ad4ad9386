import { describe, expect, it } from 'vitest';
import { TestBed } from '@angular/core/testing';
import type { ChatMessage } from '@parley/client';
import { MessageBubble } from './message-bubble';

function chatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    key: 'k1',
    clientId: 'k1',
    queryId: 'q1',
    seq: 3,
    author: { id: 'c1', role: 'customer', name: 'Ann' },
    body: 'hello',
    internal: false,
    attachments: [],
    createdAt: '2026-01-01T10:00:00Z',
    delivery: 'sent',
    mine: true,
    ...overrides,
  };
}

async function render(message: ChatMessage, online = true) {
  // Signed out (no SDK client): attachments are not fetched.
  TestBed.configureTestingModule({});
  const fixture = TestBed.createComponent(MessageBubble);
  fixture.componentRef.setInput('message', message);
  fixture.componentRef.setInput('online', online);
  fixture.componentRef.setInput('showAuthor', true);
  await fixture.whenStable();
  return fixture;
}

describe('MessageBubble', () => {
  it('shows when a message written offline was written, and nothing more for one sent at once', async () => {
    const late = await render(chatMessage({ createdAt: '2026-01-01T10:15:00Z', writtenAt: '2026-01-01T10:02:00Z' }));
    const written = (late.nativeElement as HTMLElement).querySelector('[data-testid="written-at"] time')!;
    expect(written.getAttribute('datetime')).toBe('2026-01-01T10:02:00Z');
    expect((late.nativeElement as HTMLElement).querySelector('[data-testid="written-at"]')!.textContent).toContain('written');
    TestBed.resetTestingModule();
    const now = await render(chatMessage());
    expect((now.nativeElement as HTMLElement).querySelector('[data-testid="written-at"]')).toBeNull();
  });

  it('renders markup in a message as text, never as HTML', async () => {
    const fixture = await render(chatMessage({ body: '<img src=x onerror=alert(1)><b>bold</b>' }));
    const body = fixture.nativeElement.querySelector('[data-testid="message-body"]') as HTMLElement;
    expect(body.textContent).toBe('<img src=x onerror=alert(1)><b>bold</b>');
    expect(body.querySelector('img, b')).toBeNull();
  });

  it('makes web links clickable in a new tab without giving it the opener', async () => {
    const fixture = await render(chatMessage({ body: 'see https://example.com/faq', mine: false }));
    const link = fixture.nativeElement.querySelector('a') as HTMLAnchorElement;
    expect(link.href).toBe('https://example.com/faq');
    expect(link.rel).toBe('noopener noreferrer');
    expect(link.target).toBe('_blank');
  });

  it('labels the delivery tick of the customer own messages', async () => {
    for (const [delivery, label] of [
      ['sent', 'Delivered'],
      ['read', 'Read'],
    ] as const) {
      const fixture = await render(chatMessage({ delivery }));
      expect(fixture.nativeElement.querySelector('[data-testid="delivery"]').getAttribute('aria-label')).toBe(label);
      TestBed.resetTestingModule();
    }
  });

  it('shows a pending message as waiting while offline', async () => {
    const fixture = await render(chatMessage({ seq: null, delivery: 'pending' }), false);
    expect(fixture.nativeElement.textContent).toContain('Waiting to send');
    expect(fixture.nativeElement.getAttribute('data-delivery')).toBe('pending');
  });

  it('offers retry and discard on a failed message, with the reason', async () => {
    const fixture = await render(
      chatMessage({ seq: null, delivery: 'failed', error: { code: 'forbidden', message: 'nope' } }),
    );
    const retried: string[] = [];
    fixture.componentInstance.retry.subscribe((id) => retried.push(id));
    const buttons = fixture.nativeElement.querySelectorAll('.failure ion-button');
    expect(fixture.nativeElement.querySelector('.failure').textContent).toContain('Not sent: This conversation is not available to you.');
    (buttons[0] as HTMLElement).click();
    expect(retried).toEqual(['k1']);
  });

  it('names the author of the other side', async () => {
    const fixture = await render(chatMessage({ mine: false, author: { id: 'a1', role: 'agent', name: 'Maya' } }));
    expect(fixture.nativeElement.querySelector('.author').textContent).toBe('Maya');
    expect(fixture.nativeElement.querySelector('[data-testid="delivery"]')).toBeNull();
  });
});
