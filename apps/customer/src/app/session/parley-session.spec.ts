import { afterEach, describe, expect, it } from 'vitest';
import { DestroyRef, Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { ParleySession } from './parley-session';

describe('ParleySession', () => {
  afterEach(() => localStorage.clear());

  it('opens no conversation while signed out', () => {
    const session = TestBed.inject(ParleySession);
    expect(TestBed.runInInjectionContext(() => session.conversation('q1'))).toBeNull();
  });

  it('mirrors the SDK’s stores into signals as the socket pushes changes', async () => {
    const client = new FakeCustomerClient();
    TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client)] });
    const session = await startSession(client);
    expect(client.connect).toHaveBeenCalledOnce();
    client.status.set({ state: 'reconnecting', attempt: 1, nextRetryAt: 0 });
    client.pendingCount.set(2);
    client.presence.set({ a1: 'away' });
    expect(session.status().state).toBe('reconnecting');
    expect(session.pendingCount()).toBe(2);
    expect(session.presence()).toEqual({ a1: 'away' });
  });

  it('hands a page its conversation as signals, and leaves the room when the page goes', async () => {
    const client = new FakeCustomerClient();
    TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client)] });
    const session = await startSession(client);
    const page = Injector.create({ providers: [] });
    const handle = session.conversation('q1', page.get(DestroyRef))!;
    const conversation = client.opened.get('q1')!;
    conversation.push({ joined: true });
    expect(handle.state().joined).toBe(true);
    page.destroy();
    expect(conversation.left).toBe(true);
    expect(conversation.state.listenerCount).toBe(0);
  });
});
