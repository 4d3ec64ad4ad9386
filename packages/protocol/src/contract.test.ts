import { describe, expectTypeOf, it, expect } from 'vitest';
import type { Ack, AckError } from './ack.js';
import type {
  AdminClientToServerEvents,
  AdminQueryJoinResult,
  AdminServerToClientEvents,
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  QueryJoinResult,
} from './events.js';
import { ErrorCode, ErrorHttpStatus, isErrorCode } from './error-codes.js';
import type { Message } from './entities.js';

describe('the event maps', () => {
  it('give /admin everything /chat has, plus the agent events', () => {
    expectTypeOf<keyof ChatClientToServerEvents>().toExtend<keyof AdminClientToServerEvents>();
    expectTypeOf<keyof ChatServerToClientEvents>().toExtend<keyof AdminServerToClientEvents>();
    expectTypeOf<'query:assign' | 'query:resolve' | 'query:reopen' | 'presence:set'>().toExtend<
      keyof AdminClientToServerEvents
    >();
  });

  it('keep agent-only events off /chat', () => {
    expectTypeOf<ChatClientToServerEvents>().not.toHaveProperty('query:assign');
    expectTypeOf<ChatServerToClientEvents>().not.toHaveProperty('query:created');
  });

  it('answer message:send with the stored message or an error', () => {
    type SendAck = Parameters<Parameters<ChatClientToServerEvents['message:send']>[1]>[0];
    expectTypeOf<SendAck>().toEqualTypeOf<Ack<{ message: Message }>>();
    expectTypeOf<AckError>().toExtend<SendAck>();
  });

  it('answer an agent query:join with both streams', () => {
    type AdminJoinAck = Parameters<Parameters<AdminClientToServerEvents['query:join']>[1]>[0];
    expectTypeOf<Ack<AdminQueryJoinResult>>().toEqualTypeOf<AdminJoinAck>();
    expectTypeOf<AdminQueryJoinResult>().toExtend<QueryJoinResult>();
  });
});

describe('the error table', () => {
  it('gives every code an HTTP status', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ErrorHttpStatus[code], code).toBeGreaterThanOrEqual(400);
    }
  });

  it('recognises its own codes and nothing else', () => {
    expect(isErrorCode('rate_limited')).toBe(true);
    expect(isErrorCode('RATE_LIMITED')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});
