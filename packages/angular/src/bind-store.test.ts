import { signal } from '@angular/core';
import { describe, expect, it } from 'vitest';
import { bindStore } from './bind-store.js';
import { FakeStore } from './testing/fake-store.js';

describe('bindStore', () => {
  it('copies the store into the signal now and on every change, until unsubscribed', () => {
    const source = new FakeStore(1);
    const target = signal(0);
    const stop = bindStore(source, target);
    expect(target()).toBe(1);
    source.set(2);
    expect(target()).toBe(2);
    stop();
    expect(source.listenerCount).toBe(0);
    source.set(3);
    expect(target()).toBe(2);
  });
});
