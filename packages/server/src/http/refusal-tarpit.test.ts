import { describe, expect, it } from 'vitest';
import { RefusalTarpit } from './refusal-tarpit.js';

/** Resolves with whether `promise` settled before every already-queued timer and I/O callback ran. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('RefusalTarpit', () => {
  it('holds a refusal until close() releases it, and answers later ones at once', async () => {
    const tarpit = new RefusalTarpit(60_000);
    const held = tarpit.hold();
    expect(await settledNow(held)).toBe(false);
    expect(tarpit.held).toBe(1);
    tarpit.close();
    await held;
    expect(tarpit.held).toBe(0);
    expect(await settledNow(tarpit.hold())).toBe(true);
  });

  it('answers at once past maxHeld refusals held', async () => {
    const tarpit = new RefusalTarpit(60_000, 2);
    const first = tarpit.hold();
    const second = tarpit.hold();
    expect(await settledNow(tarpit.hold())).toBe(true);
    expect(tarpit.held).toBe(2);
    tarpit.close();
    await Promise.all([first, second]);
  });

  it('holds nothing when the delay is 0', async () => {
    expect(await settledNow(new RefusalTarpit(0).hold())).toBe(true);
  });
});
