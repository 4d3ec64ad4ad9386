/**
 * One write per WebSocket connection per event-loop turn.
 *
 * engine.io hands each packet to `ws` as soon as it is emitted, and `ws` writes each frame to the TCP socket on
 * its own: one `writev` syscall per frame. A group commit settles a batch of appends in one turn, so a customer
 * with two messages in it gets two acks and its agent two `message:new` — four syscalls where two would do.
 * Scenario 1's profile showed `writev` as a third of the event loop (docs/performance.md).
 *
 * So the first frame a connection sends in a turn corks its TCP socket, and the end of the turn
 * (`process.nextTick`, before the event loop polls again: nothing waits longer than it did) uncorks every socket
 * corked in it: each leaves in one `writev`. For the rest of the turn engine.io keeps writing straight into the
 * corked socket — its transport would otherwise hold further packets back until the first frame's write callback,
 * which a corked socket only calls at the end of the turn, and send them in a second write. A socket that is
 * already backed up (the kernel's buffer full) is left to engine.io's own buffering, as before.
 *
 * Frames, their order and the default parser are unchanged: any Socket.IO client sees the same bytes.
 */
import { transports } from 'engine.io';

interface RawSocket {
  cork(): void;
  uncork(): void;
  readonly destroyed: boolean;
  readonly writableNeedDrain: boolean;
}

interface WebSocketTransport {
  writable: boolean;
  /** ws's WebSocket; `_socket` is the TCP (or TLS) socket it writes to. */
  socket: { _socket?: RawSocket };
  send(packets: unknown[]): void;
}

const installed = Symbol.for('parley.turnWrites');
/** The sockets corked in the current turn. */
let corked = new Set<RawSocket>();

function uncorkAll(): void {
  const batch = corked;
  corked = new Set();
  for (const raw of batch) if (!raw.destroyed) raw.uncork();
}

/** Makes engine.io's WebSocket transport write once per connection per turn (see the file's comment). Idempotent. */
export function writeOncePerTurn(): void {
  const proto = transports.websocket.prototype as unknown as WebSocketTransport & { [installed]?: true };
  if (proto[installed]) return;
  const send = proto.send;
  proto.send = function sendCorked(this: WebSocketTransport, packets: unknown[]): void {
    const raw = this.socket._socket;
    if (!raw || raw.destroyed) return sendAndEmpty(this, send, packets);
    if (!corked.has(raw)) {
      raw.cork();
      corked.add(raw);
      if (corked.size === 1) process.nextTick(uncorkAll);
    }
    sendAndEmpty(this, send, packets);
    this.writable = !raw.writableNeedDrain;
  };
  proto[installed] = true;
}

/**
 * Sends, then empties the array engine.io handed over. engine.io's `flush()` swaps its write buffer for a new `[]`
 * and leaves the old one as it is. A connection that writes once every few seconds has an old write buffer by then
 * (it was promoted to the old generation), and pushing a young packet into it leaves an old-to-young pointer. A
 * scavenge treats that as a root until the next full collection, dead array or not. So each packet and its
 * encoded string were copied once and then promoted, about 0.8 KB per ack in scenario 2, which made every scavenge
 * of the event loop longer (docs/performance.md, "Scenario 2's tail, stall by stall"). The transport encodes and
 * writes the packets synchronously, so nothing reads the array after `send` returns.
 */
function sendAndEmpty(transport: WebSocketTransport, send: (packets: unknown[]) => void, packets: unknown[]): void {
  try {
    send.call(transport, packets);
  } finally {
    packets.length = 0;
  }
}
