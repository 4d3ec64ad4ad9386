import { describe, expect, it } from 'vitest';
import { messageEffects } from './message-effects.js';

const t1 = '2025-01-01T00:00:00.000Z';
const t2 = '2025-01-01T00:01:00.000Z';

describe('messageEffects', () => {
  it('starts the wait on the first unanswered customer message and keeps it on the next', () => {
    const first = messageEffects({ status: 'open', waitingSince: null }, { internal: false, authorRole: 'customer', createdAt: t1 });
    expect(first).toEqual({ status: 'open', waitingSince: t1 });
    const second = messageEffects(first, { internal: false, authorRole: 'customer', createdAt: t2 });
    expect(second.waitingSince).toBe(t1);
  });

  it('clears the wait on an agent reply', () => {
    expect(messageEffects({ status: 'open', waitingSince: t1 }, { internal: false, authorRole: 'agent', createdAt: t2 }))
      .toEqual({ status: 'open', waitingSince: null });
  });

  it('reopens a resolved query when the customer writes', () => {
    expect(messageEffects({ status: 'resolved', waitingSince: null }, { internal: false, authorRole: 'customer', createdAt: t2 }).status)
      .toBe('open');
  });

  it('reopens a resolved query as pending (waiting for the customer) on an agent reply, and changes nothing on a note', () => {
    expect(messageEffects({ status: 'resolved', waitingSince: null }, { internal: false, authorRole: 'admin', createdAt: t2 }))
      .toEqual({ status: 'pending', waitingSince: null });
    expect(messageEffects({ status: 'resolved', waitingSince: null }, { internal: true, authorRole: 'agent', createdAt: t2 }).status).toBe('resolved');
    const state = { status: 'pending' as const, waitingSince: t1 };
    expect(messageEffects(state, { internal: true, authorRole: 'agent', createdAt: t2 })).toBe(state);
  });
});
