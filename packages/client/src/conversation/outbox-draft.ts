/** A message just typed, as the outbox entry that carries it until the server stores it. */
import { Limits, type ErrorBody, type UserRef } from '@parley/protocol';
import type { OutboxEntry } from '../outbox/outbox-state.js';
import { newClientId } from './client-id.js';

export interface Draft {
  queryId: string;
  body: string;
  internal: boolean;
  attachmentIds: string[];
  author: UserRef;
}

/** A fresh entry with its own clientId; a body the server would refuse fails at once instead of waiting for a connection. */
export function draftEntry(draft: Draft): OutboxEntry {
  const invalid = validateBody(draft.body);
  return {
    clientId: newClientId(),
    ...draft,
    createdAt: new Date().toISOString(),
    state: invalid ? 'failed' : 'pending',
    ...(invalid ? { error: invalid } : {}),
    notBefore: 0,
    attempts: 0,
  };
}

function validateBody(body: string): ErrorBody | null {
  const length = body.trim().length;
  if (length === 0) return { code: 'invalid_payload', message: 'the message is empty' };
  if (length > Limits.MESSAGE_BODY_MAX) {
    return { code: 'invalid_payload', message: `the message is longer than ${Limits.MESSAGE_BODY_MAX} characters` };
  }
  return null;
}
