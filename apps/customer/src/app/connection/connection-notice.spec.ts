import { describe, expect, it } from 'vitest';
import { describeConnection } from './connection-notice';

describe('describeConnection', () => {
  it('says nothing while online with nothing waiting, or while first connecting', () => {
    expect(describeConnection({ state: 'online' }, 0, 0)).toBeNull();
    expect(describeConnection({ state: 'connecting' }, 0, 0)).toBeNull();
    expect(describeConnection({ state: 'offline', reason: 'stopped' }, 0, 0)).toBeNull();
  });

  it('tells an offline customer their waiting messages go out once back online', () => {
    const notice = describeConnection({ state: 'offline', reason: 'browser_offline' }, 2, 0);
    expect(notice?.kind).toBe('offline');
    expect(notice?.advice).toContain('2 messages are waiting');
    expect(notice?.advice).toContain('back online');
    expect(describeConnection({ state: 'offline', reason: 'browser_offline' }, 1, 0)?.advice).toContain('1 message is waiting');
  });

  it('counts down to the next retry while the server is unreachable', () => {
    const status = { state: 'reconnecting', attempt: 3, nextRetryAt: 10_500 } as const;
    expect(describeConnection(status, 0, 7_000)?.countdown).toContain('Trying again in 4 s.');
    expect(describeConnection(status, 0, 11_000)?.countdown).toContain('Trying again now.');
    expect(describeConnection(status, 0, 7_000)?.kind).toBe('unreachable');
  });

  it('offers to start again when the session cannot be renewed', () => {
    const notice = describeConnection({ state: 'offline', reason: 'auth_failed' }, 0, 0);
    expect(notice?.kind).toBe('signed-out');
    expect(notice?.action).toBe('start-again');
  });

  it('shows messages still being sent once online', () => {
    expect(describeConnection({ state: 'online' }, 3, 0)?.kind).toBe('sending');
  });
});
