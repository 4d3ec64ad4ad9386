import { TestBed } from '@angular/core/testing';
import type { ConnectionStatus } from '@parley/client';
import { bannerFor, ConnectionBanner } from './connection-banner';

describe('bannerFor', () => {
  it('says nothing when online with nothing waiting', () => {
    expect(bannerFor({ state: 'online' }, 0)).toBeNull();
  });

  it('counts messages waiting to send while reconnecting', () => {
    const banner = bannerFor({ state: 'reconnecting', attempt: 3, nextRetryAt: 0 }, 2);
    expect(banner).toEqual({
      tone: 'warning',
      text: 'Connection lost. Reconnecting (attempt 3)… 2 messages waiting to send.',
      announcement: 'Connection lost. Reconnecting… 2 messages waiting to send.',
      retry: true,
    });
  });

  it('uses the singular for one waiting message', () => {
    expect(bannerFor({ state: 'offline', reason: 'browser_offline' }, 1)?.text).toContain('1 message waiting to send.');
  });

  it('offers to sign in again when the session is gone', () => {
    const banner = bannerFor(
      { state: 'offline', reason: 'auth_failed', error: { code: 'token_expired', message: 'token expired' } },
      0,
    );
    expect(banner).toMatchObject({ tone: 'error', signIn: true });
    expect(banner?.text).toContain('token expired');
  });

  it('shows the outbox draining once back online', () => {
    expect(bannerFor({ state: 'online' }, 4)).toMatchObject({ tone: 'info', text: 'Sending… 4 messages waiting to send.' });
  });
});

describe('ConnectionBanner', () => {
  async function render(status: ConnectionStatus, pending = 0) {
    const fixture = TestBed.createComponent(ConnectionBanner);
    fixture.componentRef.setInput('status', status);
    fixture.componentRef.setInput('pendingCount', pending);
    await fixture.whenStable();
    return fixture;
  }

  it('keeps an empty live region while online, and fills it when the connection drops', async () => {
    const fixture = await render({ state: 'online' });
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[role="status"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="connection-banner"]')).toBeNull();

    fixture.componentRef.setInput('status', { state: 'reconnecting', attempt: 1, nextRetryAt: 0 });
    await fixture.whenStable();
    const banner = root.querySelector('[data-testid="connection-banner"]')!;
    expect(banner.getAttribute('data-state')).toBe('reconnecting');
    expect(banner.textContent).toContain('Reconnecting (attempt 1)');
  });

  it('announces a reconnect once, not once per attempt, and offers to retry now', async () => {
    const fixture = await render({ state: 'reconnecting', attempt: 1, nextRetryAt: 0 });
    const root = fixture.nativeElement as HTMLElement;
    const live = root.querySelector('[role="status"]')!;
    const announced = live.textContent;
    expect(announced).toContain('Reconnecting');
    const observed: MutationRecord[] = [];
    const observer = new MutationObserver((records) => observed.push(...records));
    observer.observe(live, { subtree: true, childList: true, characterData: true });
    fixture.componentRef.setInput('status', { state: 'reconnecting', attempt: 2, nextRetryAt: 0 });
    await fixture.whenStable();
    observer.takeRecords().forEach((r) => observed.push(r));
    observer.disconnect();
    expect(root.querySelector('[data-testid="connection-banner"]')!.textContent).toContain('attempt 2');
    expect(observed).toHaveLength(0);

    let retried = 0;
    fixture.componentInstance.retryNow.subscribe(() => retried++);
    [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Retry now'))!.click();
    expect(retried).toBe(1);
  });

  it('emits signInAgain from its button when signed out', async () => {
    const fixture = await render({ state: 'offline', reason: 'auth_failed' });
    let asked = 0;
    fixture.componentInstance.signInAgain.subscribe(() => asked++);
    (fixture.nativeElement as HTMLElement).querySelector('button')!.click();
    expect(asked).toBe(1);
  });
});
