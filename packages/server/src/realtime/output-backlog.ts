/**
 * A connection that does not read what it is sent is cut before what waits for it fills the server's memory.
 *
 * Socket.IO limits what a client may send (`maxHttpBufferSize`), not what the server queues for it: when a client
 * stops reading its TCP socket, every packet for it waits in engine.io's write buffer, without bound. Engine.io's
 * heartbeat ends such a connection only after a missed pong (up to 45 s), and a client that answers pings without
 * reading never misses one — while each `query:join` it asks for can queue up to a megabyte (Limits.JOIN_PAGE_BYTES).
 *
 * So whenever a packet has to wait (the transport is not writable), the connection's backlog — the bytes its TCP
 * socket holds, plus the packets engine.io holds — is checked, for every large packet and every {@link CHECK_EVERY}
 * waiting packets, and past {@link MAX_BACKLOG_BYTES} the connection is dropped at once. A client that reconnects
 * resumes with `afterSeq`: nothing is lost, only what it would not read. The check is a patch of engine.io's
 * prototype, so an idle connection costs nothing more (scenario 3, docs/performance.md).
 */
import { Socket as EngineSocket } from 'engine.io';

/** What may wait for one connection, in bytes: a few full join answers, far beyond any live traffic. */
export const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
/**
 * The backlog is measured when this many packets more are waiting (measuring walks the waiting packets), and
 * whenever a packet of {@link LARGE_PACKET} characters or more has to wait: a few join answers are megabytes.
 */
export const CHECK_EVERY = 64;
export const LARGE_PACKET = 64 * 1024;

interface WaitingPacket {
  data?: unknown;
}

interface EngineConnection {
  readonly id: string;
  readyState: string;
  writeBuffer: WaitingPacket[];
  transport: { writable: boolean; socket?: { _socket?: { writableLength: number }; terminate?(): void } };
  sendPacket(type: string, data?: unknown, options?: unknown, callback?: unknown): void;
  close(discard?: boolean): void;
}

const installed = Symbol.for('parley.outputBacklog');

/** A waiting packet's size: a text frame's length, a binary one's bytes. */
function packetSize(data: unknown): number {
  if (typeof data === 'string') return data.length;
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;
}

/** What a connection holds for its client now: its TCP socket's buffer and engine.io's waiting packets. */
export function backlogBytes(connection: Pick<EngineConnection, 'writeBuffer' | 'transport'>): number {
  let bytes = connection.transport.socket?._socket?.writableLength ?? 0;
  for (const packet of connection.writeBuffer) bytes += packetSize(packet.data);
  return bytes;
}

/**
 * Installs the check (idempotent). `onCut` hears of every connection dropped, with its backlog (logs, metrics).
 */
export function cutConnectionsThatDoNotRead(onCut: (connectionId: string, bytes: number) => void): void {
  const proto = EngineSocket.prototype as unknown as EngineConnection & { [installed]?: (id: string, bytes: number) => void };
  // Tests start several servers in one process: the latest listener is the one told.
  const first = proto[installed] === undefined;
  proto[installed] = onCut;
  if (!first) return;
  const sendPacket = proto.sendPacket;
  proto.sendPacket = function sendPacketWatched(this: EngineConnection, ...args: [string, unknown?, unknown?, unknown?]): void {
    sendPacket.apply(this, args);
    if (this.transport.writable || this.readyState !== 'open') return;
    if (packetSize(args[1]) < LARGE_PACKET && this.writeBuffer.length % CHECK_EVERY !== 0) return;
    const bytes = backlogBytes(this);
    if (bytes <= MAX_BACKLOG_BYTES) return;
    proto[installed]?.(this.id, bytes);
    // A WebSocket is destroyed at once: a close frame would only queue behind what the client does not read.
    const ws = this.transport.socket;
    if (ws?.terminate) ws.terminate();
    else this.close(true);
  };
}
