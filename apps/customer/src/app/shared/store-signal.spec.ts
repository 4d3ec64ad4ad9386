import { signal } from '@angular/core';
import { describe, expect, it } from 'vitest';
import { bindStore } from './store-signal';

function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<(v: T) => void>();
  return {
    getSnapshot: () => value,
    subscribe: (listener: (v: T) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    set: (next: T) => ((value = next), listeners.forEach((l) => l(next))),
  };
}

describe('bindStore', () => {
  it('copies the store into the signal now and on every change, until unsubscribed', () => {
    const source = store(1);
    const target = signal(0);
    const stop = bindStore(source, target);
    expect(target()).toBe(1);
    source.set(2);
    expect(target()).toBe(2);
    stop();
    source.set(3);
    expect(target()).toBe(2);
  });
});
