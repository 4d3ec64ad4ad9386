/**
 * What the baselines do with a `message:send`: build a message of exactly
 * Parley's shape (so frames on the wire are the same size), number it per room,
 * and nothing else — no validation beyond not crashing, no storage.
 */
import { randomUUID } from 'node:crypto';
import type { Message, UserRef } from '@parley/protocol';

/** The fields of `message:send` the relays read. */
export interface RelaySendPayload {
  queryId: string;
  clientId: string;
  body: string;
}

/** True when the payload can be relayed; the baselines answer anything else with an error ack. */
export function isRelaySendPayload(value: unknown): value is RelaySendPayload {
  const v = value as Partial<RelaySendPayload> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.queryId === 'string' &&
    typeof v.clientId === 'string' && typeof v.body === 'string'
  );
}

/** Hands out Parley-shaped messages with a per-room seq. */
export class RelayMessages {
  readonly #seqByRoom = new Map<string, number>();

  create(payload: RelaySendPayload, author: UserRef): Message {
    const seq = (this.#seqByRoom.get(payload.queryId) ?? 0) + 1;
    this.#seqByRoom.set(payload.queryId, seq);
    return {
      id: randomUUID(),
      queryId: payload.queryId,
      seq,
      clientId: payload.clientId,
      author,
      body: payload.body,
      internal: false,
      attachments: [],
      createdAt: new Date().toISOString(),
    };
  }
}

/** The user a baseline connection speaks as; Parley's author object has the same fields. */
export function relayAuthor(role: 'customer' | 'agent'): UserRef {
  return { id: randomUUID(), role, name: role === 'agent' ? 'Bench Agent' : 'Bench Visitor' };
}
