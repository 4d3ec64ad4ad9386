import { TestBed } from '@angular/core/testing';
import { type AgentSession, SessionStore } from '../auth/session-store';
import { DraftStore } from './draft-store';

const agent = (id: string): AgentSession => ({
  token: 't',
  user: { id, role: 'agent', name: id },
  agent: { id, email: `${id}@x.test`, name: id, role: 'agent', active: true, createdAt: '' },
});

describe('DraftStore', () => {
  beforeEach(() => localStorage.clear());

  it('keeps drafts per agent, and sign-out (clearMine) forgets only that agent’s', () => {
    const sessions = TestBed.inject(SessionStore);
    const drafts = TestBed.inject(DraftStore);
    sessions.save(agent('ann'));
    drafts.set('q-1', 'Ann was typing');
    sessions.save(agent('bob'));
    expect(drafts.get('q-1')).toBe('');
    drafts.set('q-1', 'Bob was typing');
    sessions.save(agent('ann'));
    expect(drafts.get('q-1')).toBe('Ann was typing');
    drafts.clearMine();
    expect(drafts.get('q-1')).toBe('');
    sessions.save(agent('bob'));
    expect(drafts.get('q-1')).toBe('Bob was typing');
  });
});
