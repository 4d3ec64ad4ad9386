import { describe, expect, it } from 'vitest';
import type { Session } from './session.js';
import { SessionKeeper } from './session-keeper.js';

const expiredToken = (): string => {
  const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${encode({ alg: 'HS256' })}.${encode({ sub: 'agent-1', exp: Math.floor(Date.now() / 1000) - 60 })}.sig`;
};
const agentSession = (id: string, token = expiredToken()): Session => ({ token, user: { id, role: 'agent', name: id } });
const noFetch = (() => Promise.reject(new Error('no network in this test'))) as typeof fetch;

describe('session keeper', () => {
  it('takes a session from onSessionExpired for the same user', async () => {
    const keeper = new SessionKeeper({ baseUrl: '', kind: 'agent', session: agentSession('agent-1'), fetch: noFetch, onSessionExpired: async () => agentSession('agent-1', 'fresh') });
    await expect(keeper.renew()).resolves.toBe(true);
    expect(keeper.token).toBe('fresh');
  });

  it('treats a sign-in as someone else as giving up and keeps the session it had', async () => {
    const original = agentSession('agent-1');
    const keeper = new SessionKeeper({ baseUrl: '', kind: 'agent', session: original, fetch: noFetch, onSessionExpired: async () => agentSession('agent-2', 'other') });
    await expect(keeper.renew()).resolves.toBe(false);
    expect(keeper.session.getSnapshot()).toBe(original);
  });
});
