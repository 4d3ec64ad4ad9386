import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Query } from '@parley/protocol';
import { FakeCustomerClient, provideFakeCustomerClient, startSession } from '../testing/fake-customer-client';
import { ParleySession } from './parley-session';
import { WIDGET_PARENT, WidgetBridge } from './widget-bridge';

const query = (id: string, lastSeq: number, customerReadSeq: number) => ({ id, lastSeq, customerReadSeq }) as Query;

describe('WidgetBridge', () => {
  let parent: { source: object; postMessage: ReturnType<typeof vi.fn> };
  let client: FakeCustomerClient;

  beforeEach(async () => {
    parent = { source: {}, postMessage: vi.fn() };
    client = new FakeCustomerClient();
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', children: [] }]), provideFakeCustomerClient(client), { provide: WIDGET_PARENT, useValue: parent }],
    });
    await startSession(client);
  });
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  const fromPage = (data: unknown, origin = 'https://shop.example.test', source: unknown = parent.source) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
  const sent = () => parent.postMessage.mock.calls.map(([message, origin]) => ({ message, origin }));

  it('answers only the page that framed it, at the origin of its first hello, with the unread count as it changes', async () => {
    const bridge = TestBed.inject(WidgetBridge);
    bridge.start();
    client.queries.set({ items: [query('q1', 5, 3), query('q2', 2, 2)], loading: false, nextCursor: null });
    // Nothing goes out before the page said hello: its origin is not known yet.
    TestBed.inject(ApplicationRef).tick();
    expect(sent()).toEqual([]);
    // Another window (not the parent) is ignored.
    fromPage({ type: 'parley:hello' }, 'https://evil.example.test', {});
    fromPage({ type: 'parley:hello' });
    expect(sent()).toEqual([
      { message: { type: 'parley:ready' }, origin: 'https://shop.example.test' },
      { message: { type: 'parley:unread', count: 2 }, origin: 'https://shop.example.test' },
    ]);
    client.queries.set({ items: [query('q1', 6, 3), query('q2', 2, 2)], loading: false, nextCursor: null });
    TestBed.inject(ApplicationRef).tick();
    expect(sent().at(-1)).toEqual({ message: { type: 'parley:unread', count: 3 }, origin: 'https://shop.example.test' });
  });

  it('nothing counts as seen until the panel opens; messages from another origin after the hello are ignored', () => {
    const bridge = TestBed.inject(WidgetBridge);
    bridge.start();
    expect(bridge.visible()).toBe(false);
    fromPage({ type: 'parley:hello' });
    fromPage({ type: 'parley:panel', open: true }, 'https://other.example.test');
    expect(bridge.visible()).toBe(false);
    fromPage({ type: 'parley:panel', open: true });
    expect(bridge.visible()).toBe(true);
    fromPage({ type: 'parley:panel', open: false });
    expect(bridge.visible()).toBe(false);
  });

  it('signs out on parley:logout from the page', async () => {
    const bridge = TestBed.inject(WidgetBridge);
    bridge.start();
    fromPage({ type: 'parley:hello' });
    fromPage({ type: 'parley:logout' });
    await vi.waitFor(() => expect(TestBed.inject(ParleySession).client()).toBeNull());
    expect(client.close).toHaveBeenCalled();
  });

  it('in a tab of its own it listens to nothing and the app counts as visible', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideFakeCustomerClient(client), { provide: WIDGET_PARENT, useValue: null }] });
    const bridge = TestBed.inject(WidgetBridge);
    bridge.start();
    expect(bridge.framed).toBe(false);
    expect(bridge.visible()).toBe(true);
  });
});
