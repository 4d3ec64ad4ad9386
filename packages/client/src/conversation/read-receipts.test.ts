import { describe, expect, it } from 'vitest';
import { ReadReceipts } from './read-receipts.js';

/** A receipt sender whose acks the test answers by hand. */
function manualAcks() {
  const sent: Array<{ seq: number; ack: (ok: boolean) => void }> = [];
  const send = (seq: number) => new Promise<boolean>((resolve) => sent.push({ seq, ack: resolve }));
  return { sent, send };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('ReadReceipts', () => {
  it('sends only a cursor past the last one marked', () => {
    const { sent, send } = manualAcks();
    const receipts = new ReadReceipts(send, () => true);
    expect(receipts.want(3)).toBe(true);
    receipts.flush();
    expect(receipts.want(3)).toBe(false);
    expect(receipts.want(2)).toBe(false);
    receipts.flush();
    expect(sent.map((s) => s.seq)).toEqual([3]);
  });

  it('sends a receipt whose ack was lost again on the next flush', async () => {
    const { sent, send } = manualAcks();
    const receipts = new ReadReceipts(send, () => true);
    receipts.want(5);
    receipts.flush();
    sent[0]!.ack(false);
    await tick();
    receipts.flush();
    expect(sent.map((s) => s.seq)).toEqual([5, 5]);
  });

  it('a failed older receipt does not undo a newer one in flight', async () => {
    const { sent, send } = manualAcks();
    const receipts = new ReadReceipts(send, () => true);
    receipts.want(2);
    receipts.flush();
    receipts.want(4);
    receipts.flush();
    sent[0]!.ack(false);
    await tick();
    receipts.flush();
    expect(sent.map((s) => s.seq)).toEqual([2, 4]);
  });

  it('sends again what the server says it never got, and nothing while offline', () => {
    const { sent, send } = manualAcks();
    let online = false;
    const receipts = new ReadReceipts(send, () => online);
    receipts.want(7);
    receipts.flush();
    expect(sent).toEqual([]);
    online = true;
    receipts.flush();
    sent[0]!.ack(true);
    receipts.serverHas(4);
    receipts.flush();
    expect(sent.map((s) => s.seq)).toEqual([7, 7]);
  });
});
