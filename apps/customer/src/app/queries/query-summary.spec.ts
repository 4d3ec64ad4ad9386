import { describe, expect, it } from 'vitest';
import type { Query } from '@parley/protocol';
import { previewText, statusLabel, unreadCount } from './query-summary';

function query(overrides: Partial<Query> = {}): Query {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    subject: 'Broken order',
    status: 'open',
    customer: { id: 'c1', name: 'Ann' },
    assignee: null,
    lastSeq: 5,
    lastNoteSeq: 0,
    lastMessage: { seq: 5, body: 'We are on it', author: { id: 'a1', role: 'agent', name: 'Maya' }, createdAt: '2026-01-01T10:00:00Z' },
    customerReadSeq: 2,
    agentReadSeq: 5,
    waitingSince: null,
    rating: null,
    createdAt: '2026-01-01T09:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    ...overrides,
  };
}

describe('query summary', () => {
  it('counts messages after the customer read cursor as unread', () => {
    expect(unreadCount(query())).toBe(3);
    expect(unreadCount(query({ customerReadSeq: 5 }))).toBe(0);
    expect(unreadCount(query({ customerReadSeq: 9 }))).toBe(0);
  });

  it('counts what this device read since the list was loaded', () => {
    expect(unreadCount(query(), 4)).toBe(1);
    expect(unreadCount(query(), 1)).toBe(3);
  });

  it('previews the last message with "You" for the customer own', () => {
    expect(previewText(query(), 'c1')).toBe('Maya: We are on it');
    expect(previewText(query(), 'a1')).toBe('You: We are on it');
    expect(previewText(query({ lastMessage: null }), 'c1')).toBe('No messages yet');
  });

  it('names statuses from the customer point of view', () => {
    expect(statusLabel('pending')).toBe('Waiting for you');
    expect(statusLabel('resolved')).toBe('Resolved');
  });
});
