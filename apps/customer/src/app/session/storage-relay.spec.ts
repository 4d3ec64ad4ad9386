import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from './storage-fallback';
import { relayStorageThroughParent } from './storage-relay';

describe('storage relay', () => {
  const parent = { postMessage: vi.fn() } as unknown as Window & { postMessage: ReturnType<typeof vi.fn> };
  const hello = (data: unknown, source: unknown = parent) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin: 'https://shop.example.test', source: source as Window }));

  it('starts from what the host page kept and sends it every later write, to that page only', async () => {
    const local = new MemoryStorage();
    const relayed = relayStorageThroughParent({ local }, 1000, parent);
    hello({ type: 'parley:hello', store: { local: { 'parley.customer.session': 'S' } } }, {});
    hello({ type: 'parley:hello', store: { local: { 'parley.customer.session': 'kept' } } });
    await relayed;
    expect(local.getItem('parley.customer.session')).toBe('kept');
    expect(parent.postMessage).not.toHaveBeenCalled();
    local.setItem('draft', 'hi');
    local.removeItem('parley.customer.session');
    expect(parent.postMessage.mock.calls).toEqual([
      [{ type: 'parley:store', area: 'local', key: 'draft', value: 'hi' }, 'https://shop.example.test'],
      [{ type: 'parley:store', area: 'local', key: 'parley.customer.session', value: null }, 'https://shop.example.test'],
    ]);
  });

  it('gives up waiting after the timeout and leaves the storage empty', async () => {
    const session = new MemoryStorage();
    await relayStorageThroughParent({ session }, 10, parent);
    expect(session.length).toBe(0);
  });
});
