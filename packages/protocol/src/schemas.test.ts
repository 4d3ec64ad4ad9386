import { describe, expect, it } from 'vitest';
import { Limits } from './limits.js';
import {
  createQuerySchema,
  customerAuthSchema,
  listMessagesParamsSchema,
  messageSendSchema,
  queryJoinSchema,
  updateQuerySchema,
} from './schemas.js';
import { invalidPayload } from './issues.js';

const queryId = '6f1c2b9e-3d4a-4f5b-8c6d-7e8f9a0b1c2d';
const clientId = '0b7e3c1a-9f2d-4e6b-a8c5-1d2e3f4a5b6c';

describe('messageSendSchema', () => {
  it('accepts a well-formed message and trims the body', () => {
    const parsed = messageSendSchema.parse({ queryId, clientId, body: '  hello  ' });
    expect(parsed.body).toBe('hello');
  });

  it.each([
    ['an empty body', { queryId, clientId, body: '' }],
    ['a body of white space only', { queryId, clientId, body: ' \n\t ' }],
    ['a body one character too long', { queryId, clientId, body: 'x'.repeat(Limits.MESSAGE_BODY_MAX + 1) }],
    ['a malformed query id', { queryId: 'q1', clientId, body: 'hi' }],
    ['a malformed client id', { queryId, clientId: 'not-a-uuid', body: 'hi' }],
    ['an unknown field', { queryId, clientId, body: 'hi', admin: true }],
    ['a number as body', { queryId, clientId, body: 42 }],
    ['a body of zero-width characters only', { queryId, clientId, body: '\u200B\u200C\u200D\u2060\uFEFF ' }],
    ['a body with a lone surrogate (UTF-8 cannot carry it: a store would keep U+FFFD)', { queryId, clientId, body: 'a\ud800b' }],
    ['a body with a lone low surrogate', { queryId, clientId, body: '\udc00' }],
    ['a body with the NUL character (PostgreSQL text cannot hold it)', { queryId, clientId, body: 'a\u0000b' }],
  ])('refuses %s', (_what, payload) => {
    expect(messageSendSchema.safeParse(payload).success).toBe(false);
  });

  it.each([null, undefined, 'text', 42, [queryId]])('refuses the non-object payload %j', (payload) => {
    expect(messageSendSchema.safeParse(payload).success).toBe(false);
  });

  it('keeps astral characters (a surrogate pair is one character) and zero-width joiners inside emoji', () => {
    const body = 'thanks 👍🏽 👨\u200D👩\u200D👧';
    expect(messageSendSchema.parse({ queryId, clientId, body }).body).toBe(body);
    expect(messageSendSchema.parse({ queryId, clientId, body: '\u200Bhello\uFEFF' }).body).toBe('hello');
  });

  it('accepts a body of exactly the maximum length once trimmed', () => {
    const body = ` ${'x'.repeat(Limits.MESSAGE_BODY_MAX)} `;
    expect(messageSendSchema.safeParse({ queryId, clientId, body }).success).toBe(true);
  });
});

describe('queryJoinSchema', () => {
  it('takes an optional non-negative integer afterSeq', () => {
    expect(queryJoinSchema.parse({ queryId, afterSeq: 0 }).afterSeq).toBe(0);
    expect(queryJoinSchema.safeParse({ queryId, afterSeq: -1 }).success).toBe(false);
    expect(queryJoinSchema.safeParse({ queryId, afterSeq: 1.5 }).success).toBe(false);
    expect(queryJoinSchema.safeParse({ queryId, afterSeq: '3' }).success).toBe(false);
  });
});

describe('REST schemas', () => {
  it('refuses a PATCH that changes nothing', () => {
    expect(updateQuerySchema.safeParse({}).success).toBe(false);
    expect(updateQuerySchema.safeParse({ assigneeId: null }).success).toBe(true);
  });

  it('coerces history paging numbers from the query string and caps the limit', () => {
    expect(listMessagesParamsSchema.parse({ after: '3', limit: '10' })).toEqual({ after: 3, limit: 10 });
    expect(listMessagesParamsSchema.safeParse({ limit: String(Limits.HISTORY_PAGE_MAX + 1) }).success).toBe(false);
    expect(listMessagesParamsSchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(listMessagesParamsSchema.safeParse({ after: 'abc' }).success).toBe(false);
  });

  it('takes a signed identity as one token, and nothing else', () => {
    expect(customerAuthSchema.safeParse({ identity: 'a.b.c' }).success).toBe(true);
    expect(customerAuthSchema.safeParse({ identity: '' }).success).toBe(false);
    expect(customerAuthSchema.safeParse({ externalId: 'u1', signature: 'a'.repeat(64) }).success).toBe(false);
  });

  it('refuses a query whose subject is blank', () => {
    expect(createQuerySchema.safeParse({ subject: '   ', body: 'help' }).success).toBe(false);
  });

  it('accepts an optional UUID clientId on a new query and refuses a malformed one', () => {
    expect(createQuerySchema.safeParse({ subject: 'S', body: 'help' }).success).toBe(true);
    expect(createQuerySchema.safeParse({ subject: 'S', body: 'help', clientId }).success).toBe(true);
    expect(createQuerySchema.safeParse({ subject: 'S', body: 'help', clientId: 'draft-1' }).success).toBe(false);
  });
});

describe('invalidPayload', () => {
  it('names every wrong field in one error', () => {
    const result = messageSendSchema.safeParse({ queryId: 'x', clientId, body: '', extra: 1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = invalidPayload(result.error);
    expect(error.code).toBe('invalid_payload');
    const paths = error.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['queryId', 'body']));
    expect(error.message).toMatch(/^invalid payload: /);
  });
});
