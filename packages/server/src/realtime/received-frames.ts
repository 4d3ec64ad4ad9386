/**
 * Lets what a WebSocket received die young.
 *
 * `ws` (the copy engine.io loads) collects a message's payload in an array, `_fragments`. Once the message is
 * complete it hands the payload on and replaces the array with a new `[]`, without emptying the old one. It also
 * keeps a view of the last frame's 4-byte mask in `_mask` until the next frame arrives.
 *
 * A Parley client may send one event every few seconds. By the time it sends again, its `_fragments` array has been
 * promoted to the old generation. The payload pushed into it is young, so the old array now points at a young
 * object. A scavenge cannot tell that the old array is dead: every old-to-young pointer counts as a root until
 * the next full collection. So each payload, with the view of the socket read it came in, was copied once and then
 * promoted, about 0.4 KB per message in scenario 2. The held `_mask` did the same for a few seconds more. Every
 * scavenge of the event loop grew longer by that much copying (docs/performance.md, "Scenario 2's tail, stall by
 * stall").
 *
 * So after each complete data message the old array is emptied and the mask dropped. What `ws` passes on does not
 * change: the payload is concatenated (or, for a single fragment, is that fragment) before the array is emptied.
 * The one case where `ws` hands out the array itself, binary messages with `binaryType` 'fragments', is left as
 * it is. engine.io never asks for that type.
 */
import { createRequire } from 'node:module';

interface ReceiverInternals {
  _fragments: unknown[];
  _mask: unknown;
  _opcode: number;
  _binaryType: string;
  dataMessage(cb: (error?: Error) => void): void;
}

const installed = Symbol.for('parley.receivedFrames');
/** WebSocket opcode of a binary frame. */
const BINARY = 2;

/** Patches the `ws` receiver engine.io uses (see the file's comment). Idempotent. */
export function releaseReceivedFrames(): void {
  const fromEngine = createRequire(createRequire(import.meta.url).resolve('engine.io'));
  const { Receiver } = fromEngine('ws') as { Receiver: { prototype: ReceiverInternals & { [installed]?: true } } };
  const proto = Receiver.prototype;
  if (proto[installed]) return;
  const dataMessage = proto.dataMessage;
  proto.dataMessage = function dataMessageReleased(this: ReceiverInternals, cb: (error?: Error) => void): void {
    const fragments = this._fragments;
    try {
      dataMessage.call(this, cb);
    } finally {
      // Only a complete message swaps the array; a message's first fragments are still being collected in it.
      if (this._fragments !== fragments) {
        if (!(this._opcode === BINARY && this._binaryType === 'fragments')) fragments.length = 0;
        this._mask = undefined;
      }
    }
  };
  proto[installed] = true;
}
