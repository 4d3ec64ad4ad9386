/** Test data builders: a valid object with overrides, so each test states only what matters. */
import type { ChatMessage } from '@parley/client';
import type { Query } from '@parley/protocol';

/** An open, unassigned query with one message from its customer. */
export function makeQuery(overrides: Partial<Query> = {}): Query {
  const id = overrides.id ?? crypto.randomUUID();
  return {
    id,
    subject: 'Order did not arrive',
    status: 'open',
    customer: { id: 'c-1', name: 'Ada Customer' },
    assignee: null,
    lastSeq: 1,
    lastNoteSeq: 0,
    lastMessage: null,
    customerReadSeq: 1,
    agentReadSeq: 0,
    waitingSince: null,
    rating: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A stored message from the customer, as the SDK shows it. */
export function makeChatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  const clientId = overrides.clientId ?? crypto.randomUUID();
  return {
    key: clientId,
    clientId,
    queryId: 'q-1',
    seq: 1,
    author: { id: 'c-1', role: 'customer', name: 'Ada Customer' },
    body: 'Hello',
    internal: false,
    attachments: [],
    createdAt: '2026-01-01T10:00:00.000Z',
    delivery: 'sent',
    mine: false,
    ...overrides,
  };
}
